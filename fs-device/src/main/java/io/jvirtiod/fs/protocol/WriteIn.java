package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseWriteIn;

/** WRITE's argument as a flyweight over the request; the data itself comes as a {@link WriteSource}. */
public final class WriteIn extends Flyweight<WriteIn> {

    public long fh() {
        return u64(FuseWriteIn.OFFSET_FH);
    }

    public long offset() {
        return u64(FuseWriteIn.OFFSET_OFFSET);
    }

    /** Payload bytes (equals the WriteSource's size: the dispatcher checked it). */
    public int size() {
        return u32(FuseWriteIn.OFFSET_SIZE);
    }

    /** FUSE_WRITE_CACHE, FUSE_WRITE_LOCKOWNER, FUSE_WRITE_KILL_SUIDGID */
    public int writeFlags() {
        return u32(FuseWriteIn.OFFSET_WRITE_FLAGS);
    }

    public boolean killSuidgid() {
        return (writeFlags() & FuseH.FUSE_WRITE_KILL_SUIDGID) != 0;
    }

    public long lockOwner() {
        return u64(FuseWriteIn.OFFSET_LOCK_OWNER);
    }

    /** open(2) flags of the file. */
    public int flags() {
        return u32(FuseWriteIn.OFFSET_FLAGS);
    }
}
