package io.jvirtiod.binding.vduse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct vduse_iotlb_entry} (linux/vduse.h): the argument of VDUSE_IOTLB_GET_FD. The caller sets the
 * IOVA range [start, last]; the kernel returns an fd to mmap at {@code offset} for the overlapping region.
 */
public final class VduseIotlbEntry {
    private VduseIotlbEntry() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("offset"),   // mmap offset on the returned fd
            JAVA_LONG.withName("start"),    // first IOVA of the region
            JAVA_LONG.withName("last"),     // last IOVA of the region (inclusive)
            JAVA_BYTE.withName("perm"),     // VDUSE_ACCESS_RO/WO/RW
            MemoryLayout.paddingLayout(7)
    ).withName("struct vduse_iotlb_entry");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_OFFSET = LAYOUT.byteOffset(groupElement("offset"));
    public static final long OFFSET_START = LAYOUT.byteOffset(groupElement("start"));
    public static final long OFFSET_LAST = LAYOUT.byteOffset(groupElement("last"));
    public static final long OFFSET_PERM = LAYOUT.byteOffset(groupElement("perm"));

    public static long offset(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_OFFSET); }
    public static void offset(MemorySegment s, long v) { s.set(JAVA_LONG, OFFSET_OFFSET, v); }
    public static long start(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_START); }
    public static void start(MemorySegment s, long v) { s.set(JAVA_LONG, OFFSET_START, v); }
    public static long last(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_LAST); }
    public static void last(MemorySegment s, long v) { s.set(JAVA_LONG, OFFSET_LAST, v); }
    public static byte perm(MemorySegment s) { return s.get(JAVA_BYTE, OFFSET_PERM); }
    public static void perm(MemorySegment s, byte v) { s.set(JAVA_BYTE, OFFSET_PERM, v); }
}
