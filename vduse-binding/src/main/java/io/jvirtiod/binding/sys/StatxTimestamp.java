package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct statx_timestamp} (sys/stat.h): a statx(2) time, with a 32-bit nanosecond field. */
public final class StatxTimestamp {
    private StatxTimestamp() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"),     // seconds since the epoch
            JAVA_INT.withName("tv_nsec"),     // nanoseconds
            MemoryLayout.paddingLayout(4)     // __statx_timestamp_pad1
    ).withName("struct statx_timestamp");

    public static final long OFFSET_TV_SEC = LAYOUT.byteOffset(groupElement("tv_sec"));
    public static final long OFFSET_TV_NSEC = LAYOUT.byteOffset(groupElement("tv_nsec"));
}
