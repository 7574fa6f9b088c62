package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseFileLock;
import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseLkIn;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/** GETLK's, SETLK's and SETLKW's argument as a flyweight over the request. */
public final class LockIn {
    private static final long LK = FuseLkIn.OFFSET_LK;
    private MemorySegment s = MemorySegment.NULL;
    private long at;

    public LockIn wrap(MemorySegment segment, long offset) {
        this.s = segment;
        this.at = offset;
        return this;
    }

    public long fh() {
        return s.get(JAVA_LONG_UNALIGNED, at + FuseLkIn.OFFSET_FH);
    }

    /** Lock owner (identifies the POSIX lock holder across processes of the guest/host). */
    public long owner() {
        return s.get(JAVA_LONG_UNALIGNED, at + FuseLkIn.OFFSET_OWNER);
    }

    public long start() {
        return s.get(JAVA_LONG_UNALIGNED, at + LK + FuseFileLock.OFFSET_START);
    }

    /** Last byte, inclusive. */
    public long end() {
        return s.get(JAVA_LONG_UNALIGNED, at + LK + FuseFileLock.OFFSET_END);
    }

    /** F_RDLCK, F_WRLCK or F_UNLCK. */
    public int type() {
        return s.get(JAVA_INT_UNALIGNED, at + LK + FuseFileLock.OFFSET_TYPE);
    }

    public int pid() {
        return s.get(JAVA_INT_UNALIGNED, at + LK + FuseFileLock.OFFSET_PID);
    }

    public int lkFlags() {
        return s.get(JAVA_INT_UNALIGNED, at + FuseLkIn.OFFSET_LK_FLAGS);
    }

    /** True for a BSD flock(2) lock rather than a POSIX record lock. */
    public boolean isFlock() {
        return (lkFlags() & FuseH.FUSE_LK_FLOCK) != 0;
    }
}
