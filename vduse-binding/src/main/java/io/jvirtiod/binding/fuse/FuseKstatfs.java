package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_kstatfs}: File system statistics as STATFS replies carry them. */
public final class FuseKstatfs {
    private FuseKstatfs() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("blocks"),  // total blocks of frsize
            JAVA_LONG.withName("bfree"),  // free blocks
            JAVA_LONG.withName("bavail"),  // free blocks for unprivileged users
            JAVA_LONG.withName("files"),  // total inodes
            JAVA_LONG.withName("ffree"),  // free inodes
            JAVA_INT.withName("bsize"),  // block size
            JAVA_INT.withName("namelen"),  // maximum name length
            JAVA_INT.withName("frsize"),  // fragment size
            JAVA_INT.withName("padding"),  // zero
            MemoryLayout.sequenceLayout(6, JAVA_INT).withName("spare")   // zero
    ).withName("struct fuse_kstatfs");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_BLOCKS = LAYOUT.byteOffset(groupElement("blocks"));
    public static final long OFFSET_BFREE = LAYOUT.byteOffset(groupElement("bfree"));
    public static final long OFFSET_BAVAIL = LAYOUT.byteOffset(groupElement("bavail"));
    public static final long OFFSET_FILES = LAYOUT.byteOffset(groupElement("files"));
    public static final long OFFSET_FFREE = LAYOUT.byteOffset(groupElement("ffree"));
    public static final long OFFSET_BSIZE = LAYOUT.byteOffset(groupElement("bsize"));
    public static final long OFFSET_NAMELEN = LAYOUT.byteOffset(groupElement("namelen"));
    public static final long OFFSET_FRSIZE = LAYOUT.byteOffset(groupElement("frsize"));
    public static final long OFFSET_PADDING = LAYOUT.byteOffset(groupElement("padding"));
    public static final long OFFSET_SPARE = LAYOUT.byteOffset(groupElement("spare"));
}
