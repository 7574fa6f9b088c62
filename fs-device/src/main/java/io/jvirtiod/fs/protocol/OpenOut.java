package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseOpenOut;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/** A {@code fuse_open_out} being built (OPEN, OPENDIR, CREATE, TMPFILE). */
public final class OpenOut {
    private MemorySegment s = MemorySegment.NULL;
    private long at;

    public OpenOut wrap(MemorySegment segment, long offset) {
        this.s = segment;
        this.at = offset;
        return this;
    }

    /** The file handle the kernel passes back in READ, WRITE, RELEASE... */
    public OpenOut fh(long v) {
        s.set(JAVA_LONG_UNALIGNED, at + FuseOpenOut.OFFSET_FH, v);
        return this;
    }

    /** FOPEN_* flags (FOPEN_KEEP_CACHE, FOPEN_DIRECT_IO, FOPEN_PASSTHROUGH...). */
    public OpenOut openFlags(int v) {
        s.set(JAVA_INT_UNALIGNED, at + FuseOpenOut.OFFSET_OPEN_FLAGS, v);
        return this;
    }

    /** With FOPEN_PASSTHROUGH: the id FUSE_DEV_IOC_BACKING_OPEN returned for the backing file (7.40). */
    public OpenOut backingId(int v) {
        s.set(JAVA_INT_UNALIGNED, at + FuseOpenOut.OFFSET_BACKING_ID, v);
        return this;
    }

    public long fh() {
        return s.get(JAVA_LONG_UNALIGNED, at + FuseOpenOut.OFFSET_FH);
    }

    public int openFlags() {
        return s.get(JAVA_INT_UNALIGNED, at + FuseOpenOut.OFFSET_OPEN_FLAGS);
    }
}
