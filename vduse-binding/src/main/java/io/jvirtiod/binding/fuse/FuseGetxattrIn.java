package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code struct fuse_getxattr_in}: GETXATTR's and LISTXATTR's argument: the caller's buffer size (0 asks for the size). */
public final class FuseGetxattrIn {
    private FuseGetxattrIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("size"),  // buffer size
            JAVA_INT.withName("padding")   // unused
    ).withName("struct fuse_getxattr_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_SIZE = LAYOUT.byteOffset(groupElement("size"));
    public static final long OFFSET_PADDING = LAYOUT.byteOffset(groupElement("padding"));
}
