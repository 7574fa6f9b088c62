package io.jvirtiod.binding.sys;

import io.jvirtiod.binding.Packed;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * {@code struct epoll_event} (sys/epoll.h): the interest registered with epoll_ctl and each readiness report of
 * epoll_wait. On x86-64 it is packed (12 bytes, the 64-bit data at offset 4), so arrays of it are indexed by 12
 * and the data is read unaligned.
 */
public final class EpollEvent {
    private EpollEvent() {}

    public static final StructLayout LAYOUT = Packed.struct(
            JAVA_INT.withName("events"),           // EPOLL* event bits
            MemoryLayout.unionLayout(              // epoll_data_t: the caller's token, returned as is
                    ADDRESS.withName("ptr"),
                    JAVA_INT.withName("fd"),
                    JAVA_INT.withName("u32"),
                    JAVA_LONG.withName("u64")
            ).withName("data")
    ).withName("struct epoll_event");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_EVENTS = LAYOUT.byteOffset(groupElement("events"));
    public static final long OFFSET_DATA = LAYOUT.byteOffset(groupElement("data"));

    public static int events(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_EVENTS); }
    public static void events(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_EVENTS, v); }
    public static long data(MemorySegment s) { return s.get(JAVA_LONG_UNALIGNED, OFFSET_DATA); }
    public static void data(MemorySegment s, long v) { s.set(JAVA_LONG_UNALIGNED, OFFSET_DATA, v); }

    /** The events of entry {@code i} of an epoll_event array. */
    public static int eventsAt(MemorySegment array, int i) { return array.get(JAVA_INT_UNALIGNED, i * SIZE + OFFSET_EVENTS); }

    /** The data (u64) of entry {@code i} of an epoll_event array. */
    public static long dataAt(MemorySegment array, int i) { return array.get(JAVA_LONG_UNALIGNED, i * SIZE + OFFSET_DATA); }
}
