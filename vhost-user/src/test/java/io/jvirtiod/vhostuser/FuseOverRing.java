package io.jvirtiod.vhostuser;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseInHeader;
import io.jvirtiod.binding.fuse.FuseOutHeader;
import io.jvirtiod.binding.sys.EventFd;
import io.jvirtiod.testsupport.SplitRingDriver;

import java.lang.foreign.MemorySegment;
import java.time.Duration;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * Sends FUSE requests down a virtio-fs queue the way Linux's virtio_fs driver lays them out: the in-header, each
 * in-argument and each data page in its own device-readable descriptor; the out-header and each out-argument in
 * its own device-writable one.
 */
final class FuseOverRing {
    private final SplitRingDriver ring;
    private final int kickFd;
    private long unique = 1;

    /** Offset in guest RAM of the last reply's out-header and of each of its out-args, and the used length. */
    long replyHeader;
    long[] replyArgs;
    int usedLength;

    FuseOverRing(SplitRingDriver ring, int kickFd) {
        this.ring = ring;
        this.kickFd = kickFd;
    }

    /** Sends one request and waits for its completion; returns the reply's error field (0 or -errno). */
    int call(int opcode, long nodeid, byte[][] inArgs, int[] outArgSizes) throws InterruptedException {
        ring.resetBuffers();
        int inBytes = (int) FuseInHeader.SIZE;
        for (byte[] a : inArgs) inBytes += a.length;
        int n = 1 + inArgs.length + 1 + outArgSizes.length;
        long[] offsets = new long[n];
        int[] lengths = new int[n];
        MemorySegment ram = ring.ram();
        long h = ring.allocate(FuseInHeader.SIZE);
        ram.set(JAVA_INT_UNALIGNED, h + FuseInHeader.OFFSET_LEN, inBytes);
        ram.set(JAVA_INT_UNALIGNED, h + FuseInHeader.OFFSET_OPCODE, opcode);
        ram.set(JAVA_LONG_UNALIGNED, h + FuseInHeader.OFFSET_UNIQUE, unique++);
        ram.set(JAVA_LONG_UNALIGNED, h + FuseInHeader.OFFSET_NODEID, nodeid);
        offsets[0] = h;
        lengths[0] = (int) FuseInHeader.SIZE;
        int i = 1;
        for (byte[] a : inArgs) {
            long at = ring.allocate(a.length);
            MemorySegment.copy(MemorySegment.ofArray(a), 0, ram, at, a.length);
            offsets[i] = at;
            lengths[i++] = a.length;
        }
        replyHeader = ring.allocate(FuseOutHeader.SIZE);
        offsets[i] = replyHeader;
        lengths[i++] = (int) FuseOutHeader.SIZE;
        replyArgs = new long[outArgSizes.length];
        for (int j = 0; j < outArgSizes.length; j++) {
            replyArgs[j] = ring.allocate(outArgSizes[j]);
            offsets[i] = replyArgs[j];
            lengths[i++] = outArgSizes[j];
        }
        int head = ring.submit(offsets, lengths, 1 + inArgs.length);
        EventFd.signal(kickFd);
        int[] used = ring.awaitUsed(Duration.ofSeconds(10));
        if (used[0] != head) throw new AssertionError("used id " + used[0] + " but head " + head);
        usedLength = used[1];
        if (opcode == FuseH.FUSE_FORGET) return 0;
        return ram.get(JAVA_INT_UNALIGNED, replyHeader + FuseOutHeader.OFFSET_ERROR);
    }

    /** Out-arg {@code j} of the last reply. */
    MemorySegment replyArg(int j, long size) {
        return ring.ram().asSlice(replyArgs[j], size);
    }

    int replyLen() {
        return ring.ram().get(JAVA_INT_UNALIGNED, replyHeader + FuseOutHeader.OFFSET_LEN);
    }
}
