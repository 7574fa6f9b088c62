package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code struct fuse_write_out}: The reply to WRITE (and COPY_FILE_RANGE): bytes written. */
public final class FuseWriteOut {
    private FuseWriteOut() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("size"),  // bytes written
            JAVA_INT.withName("padding")   // zero
    ).withName("struct fuse_write_out");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_SIZE = LAYOUT.byteOffset(groupElement("size"));
    public static final long OFFSET_PADDING = LAYOUT.byteOffset(groupElement("padding"));
}
