package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code struct fuse_getxattr_out}: The reply to GETXATTR/LISTXATTR when the kernel asked for the size only. */
public final class FuseGetxattrOut {
    private FuseGetxattrOut() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("size"),  // bytes needed
            JAVA_INT.withName("padding")   // zero
    ).withName("struct fuse_getxattr_out");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_SIZE = LAYOUT.byteOffset(groupElement("size"));
    public static final long OFFSET_PADDING = LAYOUT.byteOffset(groupElement("padding"));
}
