package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_copy_file_range_out}: The reply to COPY_FILE_RANGE_64 (7.45): a 64-bit byte count. */
public final class FuseCopyFileRangeOut {
    private FuseCopyFileRangeOut() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("bytes_copied")   // bytes copied
    ).withName("struct fuse_copy_file_range_out");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_BYTES_COPIED = LAYOUT.byteOffset(groupElement("bytes_copied"));
}
