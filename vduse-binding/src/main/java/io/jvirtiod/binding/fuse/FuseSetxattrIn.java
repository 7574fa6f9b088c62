package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code struct fuse_setxattr_in}: SETXATTR's argument (extended form with FUSE_SETXATTR_EXT), followed by the name and the value. */
public final class FuseSetxattrIn {
    private FuseSetxattrIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("size"),  // value size
            JAVA_INT.withName("flags"),  // XATTR_CREATE/XATTR_REPLACE
            JAVA_INT.withName("setxattr_flags"),  // FUSE_SETXATTR_ACL_KILL_SGID
            JAVA_INT.withName("padding")   // unused
    ).withName("struct fuse_setxattr_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_SIZE = LAYOUT.byteOffset(groupElement("size"));
    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long OFFSET_SETXATTR_FLAGS = LAYOUT.byteOffset(groupElement("setxattr_flags"));
    public static final long OFFSET_PADDING = LAYOUT.byteOffset(groupElement("padding"));
}
