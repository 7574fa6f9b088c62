package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseWriteIn;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/** WRITE's argument as a flyweight over the request; the data itself comes as a {@link WriteSource}. */
public final class WriteIn {
    private MemorySegment s = MemorySegment.NULL;
    private long at;

    public WriteIn wrap(MemorySegment segment, long offset) {
        this.s = segment;
        this.at = offset;
        return this;
    }

    public long fh() {
        return s.get(JAVA_LONG_UNALIGNED, at + FuseWriteIn.OFFSET_FH);
    }

    public long offset() {
        return s.get(JAVA_LONG_UNALIGNED, at + FuseWriteIn.OFFSET_OFFSET);
    }

    /** Payload bytes (equals the WriteSource's size: the dispatcher checked it). */
    public int size() {
        return s.get(JAVA_INT_UNALIGNED, at + FuseWriteIn.OFFSET_SIZE);
    }

    /** FUSE_WRITE_CACHE, FUSE_WRITE_LOCKOWNER, FUSE_WRITE_KILL_SUIDGID */
    public int writeFlags() {
        return s.get(JAVA_INT_UNALIGNED, at + FuseWriteIn.OFFSET_WRITE_FLAGS);
    }

    public boolean killSuidgid() {
        return (writeFlags() & FuseH.FUSE_WRITE_KILL_SUIDGID) != 0;
    }

    public long lockOwner() {
        return s.get(JAVA_LONG_UNALIGNED, at + FuseWriteIn.OFFSET_LOCK_OWNER);
    }

    /** open(2) flags of the file. */
    public int flags() {
        return s.get(JAVA_INT_UNALIGNED, at + FuseWriteIn.OFFSET_FLAGS);
    }
}
