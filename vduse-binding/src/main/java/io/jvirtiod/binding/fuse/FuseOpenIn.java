package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code struct fuse_open_in}: OPEN's and OPENDIR's argument. */
public final class FuseOpenIn {
    private FuseOpenIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("flags"),  // open(2) flags
            JAVA_INT.withName("open_flags")   // FUSE_OPEN_* flags
    ).withName("struct fuse_open_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long OFFSET_OPEN_FLAGS = LAYOUT.byteOffset(groupElement("open_flags"));
}
