package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct statx} (sys/stat.h, glibc 2.36): what statx(2) fills. The passthrough file system needs it for
 * the mount id (stx_mnt_id), which with (dev, ino) identifies an inode uniquely, and for FUSE_STATX replies.
 */
public final class Statx {
    private Statx() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("stx_mask"),            // which fields the kernel filled (STATX_*)
            JAVA_INT.withName("stx_blksize"),         // preferred I/O block size
            JAVA_LONG.withName("stx_attributes"),     // STATX_ATTR_* flags
            JAVA_INT.withName("stx_nlink"),
            JAVA_INT.withName("stx_uid"),
            JAVA_INT.withName("stx_gid"),
            JAVA_SHORT.withName("stx_mode"),          // type and permission bits
            MemoryLayout.paddingLayout(2),            // __statx_pad1
            JAVA_LONG.withName("stx_ino"),
            JAVA_LONG.withName("stx_size"),
            JAVA_LONG.withName("stx_blocks"),
            JAVA_LONG.withName("stx_attributes_mask"), // which STATX_ATTR_* the file system supports
            StatxTimestamp.LAYOUT.withName("stx_atime"),
            StatxTimestamp.LAYOUT.withName("stx_btime"),
            StatxTimestamp.LAYOUT.withName("stx_ctime"),
            StatxTimestamp.LAYOUT.withName("stx_mtime"),
            JAVA_INT.withName("stx_rdev_major"),
            JAVA_INT.withName("stx_rdev_minor"),
            JAVA_INT.withName("stx_dev_major"),
            JAVA_INT.withName("stx_dev_minor"),
            JAVA_LONG.withName("stx_mnt_id"),          // mount id (STATX_MNT_ID)
            MemoryLayout.paddingLayout(13 * 8)         // __statx_pad2 and __statx_pad3
    ).withName("struct statx");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_STX_MASK = LAYOUT.byteOffset(groupElement("stx_mask"));
    public static final long OFFSET_STX_BLKSIZE = LAYOUT.byteOffset(groupElement("stx_blksize"));
    public static final long OFFSET_STX_ATTRIBUTES = LAYOUT.byteOffset(groupElement("stx_attributes"));
    public static final long OFFSET_STX_NLINK = LAYOUT.byteOffset(groupElement("stx_nlink"));
    public static final long OFFSET_STX_UID = LAYOUT.byteOffset(groupElement("stx_uid"));
    public static final long OFFSET_STX_GID = LAYOUT.byteOffset(groupElement("stx_gid"));
    public static final long OFFSET_STX_MODE = LAYOUT.byteOffset(groupElement("stx_mode"));
    public static final long OFFSET_STX_INO = LAYOUT.byteOffset(groupElement("stx_ino"));
    public static final long OFFSET_STX_SIZE = LAYOUT.byteOffset(groupElement("stx_size"));
    public static final long OFFSET_STX_BLOCKS = LAYOUT.byteOffset(groupElement("stx_blocks"));
    public static final long OFFSET_STX_ATTRIBUTES_MASK = LAYOUT.byteOffset(groupElement("stx_attributes_mask"));
    public static final long OFFSET_STX_ATIME = LAYOUT.byteOffset(groupElement("stx_atime"));
    public static final long OFFSET_STX_BTIME = LAYOUT.byteOffset(groupElement("stx_btime"));
    public static final long OFFSET_STX_CTIME = LAYOUT.byteOffset(groupElement("stx_ctime"));
    public static final long OFFSET_STX_MTIME = LAYOUT.byteOffset(groupElement("stx_mtime"));
    public static final long OFFSET_STX_RDEV_MAJOR = LAYOUT.byteOffset(groupElement("stx_rdev_major"));
    public static final long OFFSET_STX_RDEV_MINOR = LAYOUT.byteOffset(groupElement("stx_rdev_minor"));
    public static final long OFFSET_STX_DEV_MAJOR = LAYOUT.byteOffset(groupElement("stx_dev_major"));
    public static final long OFFSET_STX_DEV_MINOR = LAYOUT.byteOffset(groupElement("stx_dev_minor"));
    public static final long OFFSET_STX_MNT_ID = LAYOUT.byteOffset(groupElement("stx_mnt_id"));

    public static int mask(MemorySegment s) { return s.get(JAVA_INT, OFFSET_STX_MASK); }
    public static int blksize(MemorySegment s) { return s.get(JAVA_INT, OFFSET_STX_BLKSIZE); }
    public static long attributes(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_STX_ATTRIBUTES); }
    public static int nlink(MemorySegment s) { return s.get(JAVA_INT, OFFSET_STX_NLINK); }
    public static int uid(MemorySegment s) { return s.get(JAVA_INT, OFFSET_STX_UID); }
    public static int gid(MemorySegment s) { return s.get(JAVA_INT, OFFSET_STX_GID); }
    public static int mode(MemorySegment s) { return Short.toUnsignedInt(s.get(JAVA_SHORT, OFFSET_STX_MODE)); }
    public static long ino(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_STX_INO); }
    public static long size(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_STX_SIZE); }
    public static long blocks(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_STX_BLOCKS); }
    public static long mntId(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_STX_MNT_ID); }
    public static int devMajor(MemorySegment s) { return s.get(JAVA_INT, OFFSET_STX_DEV_MAJOR); }
    public static int devMinor(MemorySegment s) { return s.get(JAVA_INT, OFFSET_STX_DEV_MINOR); }
    public static int rdevMajor(MemorySegment s) { return s.get(JAVA_INT, OFFSET_STX_RDEV_MAJOR); }
    public static int rdevMinor(MemorySegment s) { return s.get(JAVA_INT, OFFSET_STX_RDEV_MINOR); }

    /** Seconds of the timestamp at {@code offset} (one of OFFSET_STX_ATIME/BTIME/CTIME/MTIME). */
    public static long sec(MemorySegment s, long offset) {
        return s.get(JAVA_LONG, offset + StatxTimestamp.OFFSET_TV_SEC);
    }

    /** Nanoseconds of the timestamp at {@code offset}. */
    public static int nsec(MemorySegment s, long offset) {
        return s.get(JAVA_INT, offset + StatxTimestamp.OFFSET_TV_NSEC);
    }
}
