package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseFileLock;

/** A {@code fuse_lk_out} being built (GETLK): the conflicting lock, or type F_UNLCK if none. */
public final class LockOut extends Flyweight<LockOut> {

    public LockOut set(long start, long end, int type, int pid) {
        u64(FuseFileLock.OFFSET_START, start);
        u64(FuseFileLock.OFFSET_END, end);
        u32(FuseFileLock.OFFSET_TYPE, type);
        u32(FuseFileLock.OFFSET_PID, pid);
        return this;
    }
}
