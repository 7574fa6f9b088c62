package io.jvirtiod.binding.vduse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct vduse_iova_range} (linux/vduse.h): the IOVA range [start, last] a VDUSE_UPDATE_IOTLB request invalidates. */
public final class VduseIovaRange {
    private VduseIovaRange() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("start"),   // first IOVA
            JAVA_LONG.withName("last")     // last IOVA (inclusive)
    ).withName("struct vduse_iova_range");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_START = LAYOUT.byteOffset(groupElement("start"));
    public static final long OFFSET_LAST = LAYOUT.byteOffset(groupElement("last"));

    public static long start(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_START); }
    public static void start(MemorySegment s, long v) { s.set(JAVA_LONG, OFFSET_START, v); }
    public static long last(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_LAST); }
    public static void last(MemorySegment s, long v) { s.set(JAVA_LONG, OFFSET_LAST, v); }
}
