package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct timespec} (time.h): the timestamps of struct stat and the argument pair of utimensat(2). */
public final class Timespec {
    private Timespec() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"),   // seconds since the epoch
            JAVA_LONG.withName("tv_nsec")   // nanoseconds, or UTIME_NOW / UTIME_OMIT for utimensat
    ).withName("struct timespec");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_TV_SEC = LAYOUT.byteOffset(groupElement("tv_sec"));
    public static final long OFFSET_TV_NSEC = LAYOUT.byteOffset(groupElement("tv_nsec"));

    /** Sets element {@code index} of a timespec array. */
    public static void set(MemorySegment array, int index, long sec, long nsec) {
        array.set(JAVA_LONG, index * SIZE + OFFSET_TV_SEC, sec);
        array.set(JAVA_LONG, index * SIZE + OFFSET_TV_NSEC, nsec);
    }
}
