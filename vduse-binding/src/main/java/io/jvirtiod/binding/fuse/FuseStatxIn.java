package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_statx_in}: STATX's argument (7.39). */
public final class FuseStatxIn {
    private FuseStatxIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("getattr_flags"),  // FUSE_GETATTR_FH
            JAVA_INT.withName("reserved"),  // unused
            JAVA_LONG.withName("fh"),  // file handle if FUSE_GETATTR_FH
            JAVA_INT.withName("sx_flags"),  // AT_STATX_* sync flags
            JAVA_INT.withName("sx_mask")   // STATX_* fields wanted
    ).withName("struct fuse_statx_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_GETATTR_FLAGS = LAYOUT.byteOffset(groupElement("getattr_flags"));
    public static final long OFFSET_RESERVED = LAYOUT.byteOffset(groupElement("reserved"));
    public static final long OFFSET_FH = LAYOUT.byteOffset(groupElement("fh"));
    public static final long OFFSET_SX_FLAGS = LAYOUT.byteOffset(groupElement("sx_flags"));
    public static final long OFFSET_SX_MASK = LAYOUT.byteOffset(groupElement("sx_mask"));
}
