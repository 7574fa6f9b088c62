package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_copy_file_range_in}: COPY_FILE_RANGE's (and COPY_FILE_RANGE_64's) argument. */
public final class FuseCopyFileRangeIn {
    private FuseCopyFileRangeIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("fh_in"),  // source handle
            JAVA_LONG.withName("off_in"),  // source offset
            JAVA_LONG.withName("nodeid_out"),  // destination node
            JAVA_LONG.withName("fh_out"),  // destination handle
            JAVA_LONG.withName("off_out"),  // destination offset
            JAVA_LONG.withName("len"),  // bytes
            JAVA_LONG.withName("flags")   // copy_file_range(2) flags
    ).withName("struct fuse_copy_file_range_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_FH_IN = LAYOUT.byteOffset(groupElement("fh_in"));
    public static final long OFFSET_OFF_IN = LAYOUT.byteOffset(groupElement("off_in"));
    public static final long OFFSET_NODEID_OUT = LAYOUT.byteOffset(groupElement("nodeid_out"));
    public static final long OFFSET_FH_OUT = LAYOUT.byteOffset(groupElement("fh_out"));
    public static final long OFFSET_OFF_OUT = LAYOUT.byteOffset(groupElement("off_out"));
    public static final long OFFSET_LEN = LAYOUT.byteOffset(groupElement("len"));
    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
}
