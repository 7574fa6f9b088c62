package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_backing_map}: The argument of FUSE_DEV_IOC_BACKING_OPEN (7.40): a host fd the kernel reads and writes directly for FOPEN_PASSTHROUGH. */
public final class FuseBackingMap {
    private FuseBackingMap() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"),  // backing file descriptor
            JAVA_INT.withName("flags"),  // zero
            JAVA_LONG.withName("padding")   // zero
    ).withName("struct fuse_backing_map");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_FD = LAYOUT.byteOffset(groupElement("fd"));
    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long OFFSET_PADDING = LAYOUT.byteOffset(groupElement("padding"));
}
