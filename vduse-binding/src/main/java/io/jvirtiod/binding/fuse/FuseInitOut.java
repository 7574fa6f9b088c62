package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** {@code struct jvirtiod_fuse_init_out}: The reply to INIT in its 7.43 shape (max_stack_depth, request_timeout). fuse_ext.h asserts it has struct fuse_init_out's layout. */
public final class FuseInitOut {
    private FuseInitOut() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("major"),  // server major version
            JAVA_INT.withName("minor"),  // server minor version
            JAVA_INT.withName("max_readahead"),  // accepted read-ahead
            JAVA_INT.withName("flags"),  // chosen flags, bits 0..31
            JAVA_SHORT.withName("max_background"),  // background request limit
            JAVA_SHORT.withName("congestion_threshold"),  // background congestion threshold
            JAVA_INT.withName("max_write"),  // largest WRITE payload
            JAVA_INT.withName("time_gran"),  // timestamp granularity in ns
            JAVA_SHORT.withName("max_pages"),  // pages per request (FUSE_MAX_PAGES)
            JAVA_SHORT.withName("map_alignment"),  // log2 of DAX mapping alignment
            JAVA_INT.withName("flags2"),  // chosen flags, bits 32..63
            JAVA_INT.withName("max_stack_depth"),  // FUSE_PASSTHROUGH backing stack depth (7.40)
            JAVA_SHORT.withName("request_timeout"),  // FUSE_REQUEST_TIMEOUT seconds (7.43)
            MemoryLayout.sequenceLayout(11, JAVA_SHORT).withName("unused")   // zero
    ).withName("struct jvirtiod_fuse_init_out");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_MAJOR = LAYOUT.byteOffset(groupElement("major"));
    public static final long OFFSET_MINOR = LAYOUT.byteOffset(groupElement("minor"));
    public static final long OFFSET_MAX_READAHEAD = LAYOUT.byteOffset(groupElement("max_readahead"));
    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long OFFSET_MAX_BACKGROUND = LAYOUT.byteOffset(groupElement("max_background"));
    public static final long OFFSET_CONGESTION_THRESHOLD = LAYOUT.byteOffset(groupElement("congestion_threshold"));
    public static final long OFFSET_MAX_WRITE = LAYOUT.byteOffset(groupElement("max_write"));
    public static final long OFFSET_TIME_GRAN = LAYOUT.byteOffset(groupElement("time_gran"));
    public static final long OFFSET_MAX_PAGES = LAYOUT.byteOffset(groupElement("max_pages"));
    public static final long OFFSET_MAP_ALIGNMENT = LAYOUT.byteOffset(groupElement("map_alignment"));
    public static final long OFFSET_FLAGS2 = LAYOUT.byteOffset(groupElement("flags2"));
    public static final long OFFSET_MAX_STACK_DEPTH = LAYOUT.byteOffset(groupElement("max_stack_depth"));
    public static final long OFFSET_REQUEST_TIMEOUT = LAYOUT.byteOffset(groupElement("request_timeout"));
    public static final long OFFSET_UNUSED = LAYOUT.byteOffset(groupElement("unused"));
}
