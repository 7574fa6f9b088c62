package io.jvirtiod.binding.vduse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct vduse_iova_info} (linux/vduse.h): the argument of VDUSE_IOTLB_GET_INFO. The caller sets
 * [start, last]; the kernel reports the first overlapping IOVA region and whether it can take user memory
 * ({@link VduseH#VDUSE_IOVA_CAP_UMEM}).
 */
public final class VduseIovaInfo {
    private VduseIovaInfo() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("start"),                                     // first IOVA
            JAVA_LONG.withName("last"),                                      // last IOVA (inclusive)
            JAVA_LONG.withName("capability"),                                // VDUSE_IOVA_CAP_* bits
            MemoryLayout.sequenceLayout(3, JAVA_LONG).withName("reserved")   // must be zero
    ).withName("struct vduse_iova_info");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_START = LAYOUT.byteOffset(groupElement("start"));
    public static final long OFFSET_LAST = LAYOUT.byteOffset(groupElement("last"));
    public static final long OFFSET_CAPABILITY = LAYOUT.byteOffset(groupElement("capability"));
    public static final long OFFSET_RESERVED = LAYOUT.byteOffset(groupElement("reserved"));

    public static long start(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_START); }
    public static void start(MemorySegment s, long v) { s.set(JAVA_LONG, OFFSET_START, v); }
    public static long last(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_LAST); }
    public static void last(MemorySegment s, long v) { s.set(JAVA_LONG, OFFSET_LAST, v); }
    public static long capability(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_CAPABILITY); }
}
