package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseFileLock;
import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseLkIn;

/** GETLK's, SETLK's and SETLKW's argument as a flyweight over the request. */
public final class LockIn extends Flyweight<LockIn> {
    private static final long LK = FuseLkIn.OFFSET_LK;

    public long fh() {
        return u64(FuseLkIn.OFFSET_FH);
    }

    /** Lock owner (identifies the POSIX lock holder across processes of the guest/host). */
    public long owner() {
        return u64(FuseLkIn.OFFSET_OWNER);
    }

    public long start() {
        return u64(LK + FuseFileLock.OFFSET_START);
    }

    /** Last byte, inclusive. */
    public long end() {
        return u64(LK + FuseFileLock.OFFSET_END);
    }

    /** F_RDLCK, F_WRLCK or F_UNLCK. */
    public int type() {
        return u32(LK + FuseFileLock.OFFSET_TYPE);
    }

    public int pid() {
        return u32(LK + FuseFileLock.OFFSET_PID);
    }

    public int lkFlags() {
        return u32(FuseLkIn.OFFSET_LK_FLAGS);
    }

    /** True for a BSD flock(2) lock rather than a POSIX record lock. */
    public boolean isFlock() {
        return (lkFlags() & FuseH.FUSE_LK_FLOCK) != 0;
    }
}
