package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code struct fuse_access_in}: ACCESS's argument. */
public final class FuseAccessIn {
    private FuseAccessIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("mask"),  // R_OK/W_OK/X_OK/F_OK
            JAVA_INT.withName("padding")   // unused
    ).withName("struct fuse_access_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_MASK = LAYOUT.byteOffset(groupElement("mask"));
    public static final long OFFSET_PADDING = LAYOUT.byteOffset(groupElement("padding"));
}
