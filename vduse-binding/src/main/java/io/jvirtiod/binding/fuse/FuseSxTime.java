package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_sx_time}: A statx timestamp as FUSE_STATX replies carry it (7.39). */
public final class FuseSxTime {
    private FuseSxTime() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"),  // seconds
            JAVA_INT.withName("tv_nsec"),  // nanoseconds
            JAVA_INT.withName("__reserved")   // zero
    ).withName("struct fuse_sx_time");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_TV_SEC = LAYOUT.byteOffset(groupElement("tv_sec"));
    public static final long OFFSET_TV_NSEC = LAYOUT.byteOffset(groupElement("tv_nsec"));
    public static final long OFFSET_RESERVED = LAYOUT.byteOffset(groupElement("__reserved"));
}
