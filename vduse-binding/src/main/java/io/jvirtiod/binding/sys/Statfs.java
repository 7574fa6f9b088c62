package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct statfs} (sys/statfs.h, x86-64): what fstatfs(2) fills; the source of a FUSE_STATFS reply. */
public final class Statfs {
    private Statfs() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("f_type"),     // file system magic
            JAVA_LONG.withName("f_bsize"),    // optimal transfer block size
            JAVA_LONG.withName("f_blocks"),   // total blocks (of f_frsize)
            JAVA_LONG.withName("f_bfree"),    // free blocks
            JAVA_LONG.withName("f_bavail"),   // free blocks for unprivileged users
            JAVA_LONG.withName("f_files"),    // total inodes
            JAVA_LONG.withName("f_ffree"),    // free inodes
            MemoryLayout.sequenceLayout(2, JAVA_INT).withName("f_fsid"),
            JAVA_LONG.withName("f_namelen"),  // maximum name length
            JAVA_LONG.withName("f_frsize"),   // fragment size
            JAVA_LONG.withName("f_flags"),    // ST_* mount flags
            MemoryLayout.sequenceLayout(4, JAVA_LONG).withName("f_spare")
    ).withName("struct statfs");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_F_TYPE = LAYOUT.byteOffset(groupElement("f_type"));
    public static final long OFFSET_F_BSIZE = LAYOUT.byteOffset(groupElement("f_bsize"));
    public static final long OFFSET_F_BLOCKS = LAYOUT.byteOffset(groupElement("f_blocks"));
    public static final long OFFSET_F_BFREE = LAYOUT.byteOffset(groupElement("f_bfree"));
    public static final long OFFSET_F_BAVAIL = LAYOUT.byteOffset(groupElement("f_bavail"));
    public static final long OFFSET_F_FILES = LAYOUT.byteOffset(groupElement("f_files"));
    public static final long OFFSET_F_FFREE = LAYOUT.byteOffset(groupElement("f_ffree"));
    public static final long OFFSET_F_NAMELEN = LAYOUT.byteOffset(groupElement("f_namelen"));
    public static final long OFFSET_F_FRSIZE = LAYOUT.byteOffset(groupElement("f_frsize"));

    public static long type(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_F_TYPE); }
    public static long bsize(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_F_BSIZE); }
    public static long blocks(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_F_BLOCKS); }
    public static long bfree(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_F_BFREE); }
    public static long bavail(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_F_BAVAIL); }
    public static long files(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_F_FILES); }
    public static long ffree(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_F_FFREE); }
    public static long namelen(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_F_NAMELEN); }
    public static long frsize(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_F_FRSIZE); }
}
