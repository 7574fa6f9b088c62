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
    private int uid;
    private int gid;

    /** Offset in guest RAM of the last reply's out-header and of each of its out-args, and the used length. */
    long replyHeader;
    long[] replyArgs;
    int usedLength;

    public FuseOverRing(SplitDriver ring, int kickFd) {
        this.ring = ring;
        this.kickFd = kickFd;
    }

    /** The uid and gid that later requests carry in their in-header (0, root, until set). */
    void caller(int callerUid, int callerGid) {
        uid = callerUid;
        gid = callerGid;
    }

    /** Sends one request and waits for its completion; returns the reply's error field (0 or -errno). */
    public int call(int opcode, long nodeid, byte[][] inArgs, int[] outArgSizes) throws InterruptedException {
        ring.resetBuffers();
        int inBytes = (int) FuseInHeader.SIZE;
        for (byte[] a : inArgs) inBytes += a.length;
        byte[][] parts = new byte[1 + inArgs.length][];
        parts[0] = inHeader(opcode, nodeid, inBytes);
        System.arraycopy(inArgs, 0, parts, 1, inArgs.length);
        return callRaw(opcode, parts, outArgSizes);
    }

    /**
     * Sends {@code parts} as they are (the first one the in-header, which may lie) with an out-header and
     * {@code outArgSizes} of device-writable buffers, and waits for its completion; returns the reply's error field,
     * 0 for {@code FUSE_FORGET} and {@code FUSE_BATCH_FORGET}, which have no reply.
     */
    int callRaw(int opcode, byte[][] parts, int[] outArgSizes) throws InterruptedException {
        ring.resetBuffers();
        int[] outSizes = new int[1 + outArgSizes.length];
        long[] outs = new long[outSizes.length];
        outSizes[0] = (int) FuseOutHeader.SIZE;
        System.arraycopy(outArgSizes, 0, outSizes, 1, outArgSizes.length);
        for (int j = 0; j < outs.length; j++) outs[j] = ring.allocate(outSizes[j]);
        replyHeader = outs[0];
        replyArgs = Arrays.copyOfRange(outs, 1, outs.length);
        int head = ring.submit(parts, outs, outSizes);
        EventFd.signal(kickFd);
        int[] used = awaitUsed(ring);
        if (used[0] != head) throw new AssertionError("used id " + used[0] + " but head " + head);
        usedLength = used[1];
        if (opcode == FuseH.FUSE_FORGET || opcode == FuseH.FUSE_BATCH_FORGET) return 0;
        return ring.ram().get(JAVA_INT_UNALIGNED, replyHeader + FuseOutHeader.OFFSET_ERROR);
    }

    /** FUSE_INIT as Linux's virtio_fs driver sends it; returns the reply's error field. */
    public int init() throws InterruptedException {
        byte[] initIn = FuseRequest.initIn(41, 131072, FuseH.FUSE_ASYNC_READ | FuseH.FUSE_POSIX_LOCKS
                | FuseH.FUSE_FLOCK_LOCKS | FuseH.FUSE_BIG_WRITES | FuseH.FUSE_MAX_PAGES | FuseH.FUSE_INIT_EXT, 0);
        return call(FuseH.FUSE_INIT, 0, new byte[][] {initIn}, new int[] {(int) FuseInitOut.SIZE});
    }

    /** A {@code struct fuse_in_header} with the next unique id. */
    byte[] inHeader(int opcode, long nodeid, int len) {
        return FuseRequest.request(opcode).caller(uid, gid, 0).unique(unique++).nodeid(nodeid).len(len).build();
    }

    /** Out-arg {@code j} of the last reply. */
    public MemorySegment replyArg(int j, long size) {
        return ring.ram().asSlice(replyArgs[j], size);
    }

    int replyLen() {
        return ring.ram().get(JAVA_INT_UNALIGNED, replyHeader + FuseOutHeader.OFFSET_LEN);
    }

    /**
     * The next used chain as {id, len}, yielding for the first 2 ms (a reply usually comes within tens of
     * microseconds: the suites send thousands of requests) and then as {@link SplitDriver#awaitUsed}.
     */
    static int[] awaitUsed(SplitDriver ring) throws InterruptedException {
        long spinUntil = System.nanoTime() + 2_000_000;
        while (System.nanoTime() < spinUntil) {
            int id = ring.pollUsed();
            if (id >= 0) return new int[] {id, ring.usedLength()};
            Thread.yield();
        }
        return ring.awaitUsed(Duration.ofSeconds(10));
    }
}
