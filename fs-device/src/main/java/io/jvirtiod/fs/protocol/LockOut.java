package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseFileLock;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/** A {@code fuse_lk_out} being built (GETLK): the conflicting lock, or type F_UNLCK if none. */
public final class LockOut {
    private MemorySegment s = MemorySegment.NULL;
    private long at;

    public LockOut wrap(MemorySegment segment, long offset) {
        this.s = segment;
        this.at = offset;
        return this;
    }

    public LockOut set(long start, long end, int type, int pid) {
        s.set(JAVA_LONG_UNALIGNED, at + FuseFileLock.OFFSET_START, start);
        s.set(JAVA_LONG_UNALIGNED, at + FuseFileLock.OFFSET_END, end);
        s.set(JAVA_INT_UNALIGNED, at + FuseFileLock.OFFSET_TYPE, type);
        s.set(JAVA_INT_UNALIGNED, at + FuseFileLock.OFFSET_PID, pid);
        return this;
    }
}
