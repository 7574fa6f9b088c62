package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseKstatfs;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/** A {@code fuse_statfs_out} being built (STATFS). */
public final class StatfsOut {
    private MemorySegment s = MemorySegment.NULL;
    private long at;

    public StatfsOut wrap(MemorySegment segment, long offset) {
        this.s = segment;
        this.at = offset;
        return this;
    }

    /** Sets every field of {@code struct statvfs}'s FUSE form. */
    public StatfsOut set(long blocks, long bfree, long bavail, long files, long ffree, int bsize, int namelen,
                         int frsize) {
        s.set(JAVA_LONG_UNALIGNED, at + FuseKstatfs.OFFSET_BLOCKS, blocks);
        s.set(JAVA_LONG_UNALIGNED, at + FuseKstatfs.OFFSET_BFREE, bfree);
        s.set(JAVA_LONG_UNALIGNED, at + FuseKstatfs.OFFSET_BAVAIL, bavail);
        s.set(JAVA_LONG_UNALIGNED, at + FuseKstatfs.OFFSET_FILES, files);
        s.set(JAVA_LONG_UNALIGNED, at + FuseKstatfs.OFFSET_FFREE, ffree);
        s.set(JAVA_INT_UNALIGNED, at + FuseKstatfs.OFFSET_BSIZE, bsize);
        s.set(JAVA_INT_UNALIGNED, at + FuseKstatfs.OFFSET_NAMELEN, namelen);
        s.set(JAVA_INT_UNALIGNED, at + FuseKstatfs.OFFSET_FRSIZE, frsize);
        return this;
    }
}
