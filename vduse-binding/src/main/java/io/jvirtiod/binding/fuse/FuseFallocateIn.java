package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_fallocate_in}: FALLOCATE's argument. */
public final class FuseFallocateIn {
    private FuseFallocateIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("fh"),  // file handle
            JAVA_LONG.withName("offset"),  // first byte
            JAVA_LONG.withName("length"),  // bytes
            JAVA_INT.withName("mode"),  // FALLOC_FL_* mode
            JAVA_INT.withName("padding")   // unused
    ).withName("struct fuse_fallocate_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_FH = LAYOUT.byteOffset(groupElement("fh"));
    public static final long OFFSET_OFFSET = LAYOUT.byteOffset(groupElement("offset"));
    public static final long OFFSET_LENGTH = LAYOUT.byteOffset(groupElement("length"));
    public static final long OFFSET_MODE = LAYOUT.byteOffset(groupElement("mode"));
    public static final long OFFSET_PADDING = LAYOUT.byteOffset(groupElement("padding"));
}
