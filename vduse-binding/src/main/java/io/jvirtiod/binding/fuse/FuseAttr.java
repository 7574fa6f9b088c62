package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_attr}: The attributes of an inode as FUSE replies carry them (entry, attr and direntplus replies). */
public final class FuseAttr {
    private FuseAttr() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("ino"),  // inode number
            JAVA_LONG.withName("size"),  // size in bytes
            JAVA_LONG.withName("blocks"),  // 512-byte blocks allocated
            JAVA_LONG.withName("atime"),  // last access, seconds
            JAVA_LONG.withName("mtime"),  // last modification, seconds
            JAVA_LONG.withName("ctime"),  // last status change, seconds
            JAVA_INT.withName("atimensec"),  // nanoseconds of atime
            JAVA_INT.withName("mtimensec"),  // nanoseconds of mtime
            JAVA_INT.withName("ctimensec"),  // nanoseconds of ctime
            JAVA_INT.withName("mode"),  // file type and permission bits (S_IF*)
            JAVA_INT.withName("nlink"),  // hard link count
            JAVA_INT.withName("uid"),  // owner
            JAVA_INT.withName("gid"),  // group
            JAVA_INT.withName("rdev"),  // device number for device files
            JAVA_INT.withName("blksize"),  // preferred I/O block size
            JAVA_INT.withName("flags")   // FUSE_ATTR_* flags
    ).withName("struct fuse_attr");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_INO = LAYOUT.byteOffset(groupElement("ino"));
    public static final long OFFSET_SIZE = LAYOUT.byteOffset(groupElement("size"));
    public static final long OFFSET_BLOCKS = LAYOUT.byteOffset(groupElement("blocks"));
    public static final long OFFSET_ATIME = LAYOUT.byteOffset(groupElement("atime"));
    public static final long OFFSET_MTIME = LAYOUT.byteOffset(groupElement("mtime"));
    public static final long OFFSET_CTIME = LAYOUT.byteOffset(groupElement("ctime"));
    public static final long OFFSET_ATIMENSEC = LAYOUT.byteOffset(groupElement("atimensec"));
    public static final long OFFSET_MTIMENSEC = LAYOUT.byteOffset(groupElement("mtimensec"));
    public static final long OFFSET_CTIMENSEC = LAYOUT.byteOffset(groupElement("ctimensec"));
    public static final long OFFSET_MODE = LAYOUT.byteOffset(groupElement("mode"));
    public static final long OFFSET_NLINK = LAYOUT.byteOffset(groupElement("nlink"));
    public static final long OFFSET_UID = LAYOUT.byteOffset(groupElement("uid"));
    public static final long OFFSET_GID = LAYOUT.byteOffset(groupElement("gid"));
    public static final long OFFSET_RDEV = LAYOUT.byteOffset(groupElement("rdev"));
    public static final long OFFSET_BLKSIZE = LAYOUT.byteOffset(groupElement("blksize"));
    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
}
