package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct stat} in its x86-64 layout (bits/struct_stat.h): what fstatat(2) fills, and the source of a FUSE
 * attribute reply. Note x86-64 puts st_nlink (64-bit) before st_mode, unlike most other architectures.
 */
public final class Stat {
    private Stat() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("st_dev"),       // device of the file system holding the file
            JAVA_LONG.withName("st_ino"),       // inode number
            JAVA_LONG.withName("st_nlink"),     // hard link count
            JAVA_INT.withName("st_mode"),       // file type (S_IFMT) and permission bits
            JAVA_INT.withName("st_uid"),        // owner
            JAVA_INT.withName("st_gid"),        // group
            MemoryLayout.paddingLayout(4),      // __pad0
            JAVA_LONG.withName("st_rdev"),      // device number of a device special file
            JAVA_LONG.withName("st_size"),      // size in bytes
            JAVA_LONG.withName("st_blksize"),   // preferred I/O block size
            JAVA_LONG.withName("st_blocks"),    // 512-byte blocks allocated
            Timespec.LAYOUT.withName("st_atim"),
            Timespec.LAYOUT.withName("st_mtim"),
            Timespec.LAYOUT.withName("st_ctim"),
            MemoryLayout.paddingLayout(24)      // __glibc_reserved[3]
    ).withName("struct stat");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_ST_DEV = LAYOUT.byteOffset(groupElement("st_dev"));
    public static final long OFFSET_ST_INO = LAYOUT.byteOffset(groupElement("st_ino"));
    public static final long OFFSET_ST_NLINK = LAYOUT.byteOffset(groupElement("st_nlink"));
    public static final long OFFSET_ST_MODE = LAYOUT.byteOffset(groupElement("st_mode"));
    public static final long OFFSET_ST_UID = LAYOUT.byteOffset(groupElement("st_uid"));
    public static final long OFFSET_ST_GID = LAYOUT.byteOffset(groupElement("st_gid"));
    public static final long OFFSET_ST_RDEV = LAYOUT.byteOffset(groupElement("st_rdev"));
    public static final long OFFSET_ST_SIZE = LAYOUT.byteOffset(groupElement("st_size"));
    public static final long OFFSET_ST_BLKSIZE = LAYOUT.byteOffset(groupElement("st_blksize"));
    public static final long OFFSET_ST_BLOCKS = LAYOUT.byteOffset(groupElement("st_blocks"));
    public static final long OFFSET_ST_ATIM = LAYOUT.byteOffset(groupElement("st_atim"));
    public static final long OFFSET_ST_MTIM = LAYOUT.byteOffset(groupElement("st_mtim"));
    public static final long OFFSET_ST_CTIM = LAYOUT.byteOffset(groupElement("st_ctim"));

    public static long dev(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_ST_DEV); }
    public static long ino(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_ST_INO); }
    public static long nlink(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_ST_NLINK); }
    public static int mode(MemorySegment s) { return s.get(JAVA_INT, OFFSET_ST_MODE); }
    public static int uid(MemorySegment s) { return s.get(JAVA_INT, OFFSET_ST_UID); }
    public static int gid(MemorySegment s) { return s.get(JAVA_INT, OFFSET_ST_GID); }
    public static long rdev(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_ST_RDEV); }
    public static long size(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_ST_SIZE); }
    public static long blksize(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_ST_BLKSIZE); }
    public static long blocks(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_ST_BLOCKS); }
    public static long atimeSec(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_ST_ATIM + Timespec.OFFSET_TV_SEC); }
    public static long atimeNsec(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_ST_ATIM + Timespec.OFFSET_TV_NSEC); }
    public static long mtimeSec(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_ST_MTIM + Timespec.OFFSET_TV_SEC); }
    public static long mtimeNsec(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_ST_MTIM + Timespec.OFFSET_TV_NSEC); }
    public static long ctimeSec(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_ST_CTIM + Timespec.OFFSET_TV_SEC); }
    public static long ctimeNsec(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_ST_CTIM + Timespec.OFFSET_TV_NSEC); }
}
