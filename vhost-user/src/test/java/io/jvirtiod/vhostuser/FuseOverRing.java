package io.jvirtiod.vhostuser;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseInHeader;
import io.jvirtiod.binding.fuse.FuseInitOut;
import io.jvirtiod.binding.fuse.FuseOutHeader;
import io.jvirtiod.binding.sys.EventFd;
import io.jvirtiod.mock.FuseRequest;
import io.jvirtiod.mock.SplitDriver;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Arrays;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

/**
 * Sends FUSE requests down a virtio-fs queue the way Linux's virtio_fs driver lays them out: the in-header, each
 * in-argument and each data page in its own device-readable descriptor; the out-header and each out-argument in
 * its own device-writable one.
 */
public final class FuseOverRing {
    private final SplitDriver ring;
    private final int kickFd;
    private long unique = 1;

    /** Offset in guest RAM of the last reply's out-header and of each of its out-args, and the used length. */
    long replyHeader;
    long[] replyArgs;
    int usedLength;

    public FuseOverRing(SplitDriver ring, int kickFd) {
        this.ring = ring;
        this.kickFd = kickFd;
    }

    /** Sends one request and waits for its completion; returns the reply's error field (0 or -errno). */
    public int call(int opcode, long nodeid, byte[][] inArgs, int[] outArgSizes) throws InterruptedException {
        ring.resetBuffers();
        int inBytes = (int) FuseInHeader.SIZE;
        for (byte[] a : inArgs) inBytes += a.length;
        byte[][] parts = new byte[1 + inArgs.length][];
        parts[0] = inHeader(opcode, nodeid, inBytes);
        System.arraycopy(inArgs, 0, parts, 1, inArgs.length);
        int[] outSizes = new int[1 + outArgSizes.length];
        long[] outs = new long[outSizes.length];
        outSizes[0] = (int) FuseOutHeader.SIZE;
        System.arraycopy(outArgSizes, 0, outSizes, 1, outArgSizes.length);
        for (int j = 0; j < outs.length; j++) outs[j] = ring.allocate(outSizes[j]);
        replyHeader = outs[0];
        replyArgs = Arrays.copyOfRange(outs, 1, outs.length);
        int head = ring.submit(parts, outs, outSizes);
        EventFd.signal(kickFd);
        int[] used = ring.awaitUsed(Duration.ofSeconds(10));
        if (used[0] != head) throw new AssertionError("used id " + used[0] + " but head " + head);
        usedLength = used[1];
        if (opcode == FuseH.FUSE_FORGET) return 0;
        return ring.ram().get(JAVA_INT_UNALIGNED, replyHeader + FuseOutHeader.OFFSET_ERROR);
    }

    /** FUSE_INIT as Linux's virtio_fs driver sends it; returns the reply's error field. */
    public int init() throws InterruptedException {
        byte[] initIn = FuseRequest.initIn(41, 131072, FuseH.FUSE_ASYNC_READ | FuseH.FUSE_POSIX_LOCKS
                | FuseH.FUSE_FLOCK_LOCKS | FuseH.FUSE_BIG_WRITES | FuseH.FUSE_MAX_PAGES | FuseH.FUSE_INIT_EXT, 0);
        return call(FuseH.FUSE_INIT, 0, new byte[][] {initIn}, new int[] {(int) FuseInitOut.SIZE});
    }

    /** A {@code struct fuse_in_header} with the next unique id. */
    private byte[] inHeader(int opcode, long nodeid, int len) {
        return FuseRequest.request(opcode).caller(0, 0, 0).unique(unique++).nodeid(nodeid).len(len).build();
    }

    /** Out-arg {@code j} of the last reply. */
    public MemorySegment replyArg(int j, long size) {
        return ring.ram().asSlice(replyArgs[j], size);
    }

    int replyLen() {
        return ring.ram().get(JAVA_INT_UNALIGNED, replyHeader + FuseOutHeader.OFFSET_LEN);
    }
}
