package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseOpenOut;

/** A {@code fuse_open_out} being built (OPEN, OPENDIR, CREATE, TMPFILE). */
public final class OpenOut extends Flyweight<OpenOut> {

    /** The file handle the kernel passes back in READ, WRITE, RELEASE... */
    public OpenOut fh(long v) {
        u64(FuseOpenOut.OFFSET_FH, v);
        return this;
    }

    /** FOPEN_* flags (FOPEN_KEEP_CACHE, FOPEN_DIRECT_IO, FOPEN_PASSTHROUGH...). */
    public OpenOut openFlags(int v) {
        u32(FuseOpenOut.OFFSET_OPEN_FLAGS, v);
        return this;
    }

    /** With FOPEN_PASSTHROUGH: the id FUSE_DEV_IOC_BACKING_OPEN returned for the backing file (7.40). */
    public OpenOut backingId(int v) {
        u32(FuseOpenOut.OFFSET_BACKING_ID, v);
        return this;
    }

    public long fh() {
        return u64(FuseOpenOut.OFFSET_FH);
    }

    public int openFlags() {
        return u32(FuseOpenOut.OFFSET_OPEN_FLAGS);
    }
}
