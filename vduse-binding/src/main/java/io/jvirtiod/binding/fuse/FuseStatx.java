package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** {@code struct fuse_statx}: Extended attributes of an inode as FUSE_STATX replies carry them (7.39). */
public final class FuseStatx {
    private FuseStatx() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("mask"),  // STATX_* fields filled
            JAVA_INT.withName("blksize"),  // preferred I/O size
            JAVA_LONG.withName("attributes"),  // STATX_ATTR_*
            JAVA_INT.withName("nlink"),  // links
            JAVA_INT.withName("uid"),  // owner
            JAVA_INT.withName("gid"),  // group
            JAVA_SHORT.withName("mode"),  // type and permissions
            MemoryLayout.sequenceLayout(1, JAVA_SHORT).withName("__spare0"),  // zero
            JAVA_LONG.withName("ino"),  // inode
            JAVA_LONG.withName("size"),  // bytes
            JAVA_LONG.withName("blocks"),  // 512-byte blocks
            JAVA_LONG.withName("attributes_mask"),  // supported attributes
            FuseSxTime.LAYOUT.withName("atime"),  // access
            FuseSxTime.LAYOUT.withName("btime"),  // birth
            FuseSxTime.LAYOUT.withName("ctime"),  // status change
            FuseSxTime.LAYOUT.withName("mtime"),  // modification
            JAVA_INT.withName("rdev_major"),  // device major
            JAVA_INT.withName("rdev_minor"),  // device minor
            JAVA_INT.withName("dev_major"),  // fs device major
            JAVA_INT.withName("dev_minor"),  // fs device minor
            MemoryLayout.sequenceLayout(14, JAVA_LONG).withName("__spare2")   // zero
    ).withName("struct fuse_statx");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_MASK = LAYOUT.byteOffset(groupElement("mask"));
    public static final long OFFSET_BLKSIZE = LAYOUT.byteOffset(groupElement("blksize"));
    public static final long OFFSET_ATTRIBUTES = LAYOUT.byteOffset(groupElement("attributes"));
    public static final long OFFSET_NLINK = LAYOUT.byteOffset(groupElement("nlink"));
    public static final long OFFSET_UID = LAYOUT.byteOffset(groupElement("uid"));
    public static final long OFFSET_GID = LAYOUT.byteOffset(groupElement("gid"));
    public static final long OFFSET_MODE = LAYOUT.byteOffset(groupElement("mode"));
    public static final long OFFSET_SPARE0 = LAYOUT.byteOffset(groupElement("__spare0"));
    public static final long OFFSET_INO = LAYOUT.byteOffset(groupElement("ino"));
    public static final long OFFSET_SIZE = LAYOUT.byteOffset(groupElement("size"));
    public static final long OFFSET_BLOCKS = LAYOUT.byteOffset(groupElement("blocks"));
    public static final long OFFSET_ATTRIBUTES_MASK = LAYOUT.byteOffset(groupElement("attributes_mask"));
    public static final long OFFSET_ATIME = LAYOUT.byteOffset(groupElement("atime"));
    public static final long OFFSET_BTIME = LAYOUT.byteOffset(groupElement("btime"));
    public static final long OFFSET_CTIME = LAYOUT.byteOffset(groupElement("ctime"));
    public static final long OFFSET_MTIME = LAYOUT.byteOffset(groupElement("mtime"));
    public static final long OFFSET_RDEV_MAJOR = LAYOUT.byteOffset(groupElement("rdev_major"));
    public static final long OFFSET_RDEV_MINOR = LAYOUT.byteOffset(groupElement("rdev_minor"));
    public static final long OFFSET_DEV_MAJOR = LAYOUT.byteOffset(groupElement("dev_major"));
    public static final long OFFSET_DEV_MINOR = LAYOUT.byteOffset(groupElement("dev_minor"));
    public static final long OFFSET_SPARE2 = LAYOUT.byteOffset(groupElement("__spare2"));
}
