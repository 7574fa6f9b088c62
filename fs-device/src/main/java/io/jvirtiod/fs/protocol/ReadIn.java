package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseReadIn;

/** READ's (and READDIR's) argument as a flyweight over the request. */
public final class ReadIn extends Flyweight<ReadIn> {

    public long fh() {
        return u64(FuseReadIn.OFFSET_FH);
    }

    public long offset() {
        return u64(FuseReadIn.OFFSET_OFFSET);
    }

    /** Bytes asked for (unsigned 32-bit; the dispatcher has checked it against the reply capacity). */
    public int size() {
        return u32(FuseReadIn.OFFSET_SIZE);
    }

    /** FUSE_READ_LOCKOWNER */
    public int readFlags() {
        return u32(FuseReadIn.OFFSET_READ_FLAGS);
    }

    public long lockOwner() {
        return u64(FuseReadIn.OFFSET_LOCK_OWNER);
    }

    /** open(2) flags of the file. */
    public int flags() {
        return u32(FuseReadIn.OFFSET_FLAGS);
    }
}
