package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code struct fuse_ext_header}: The header of each request extension (after the arguments; total_extlen in the in-header). */
public final class FuseExtHeader {
    private FuseExtHeader() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("size"),  // total size including this header
            JAVA_INT.withName("type")   // FUSE_EXT_* type (0..31: security contexts)
    ).withName("struct fuse_ext_header");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_SIZE = LAYOUT.byteOffset(groupElement("size"));
    public static final long OFFSET_TYPE = LAYOUT.byteOffset(groupElement("type"));
}
