package io.jvirtiod.binding.vduse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct vduse_iova_umem} (linux/vduse.h): the argument of VDUSE_IOTLB_REG_UMEM/DEREG_UMEM, which back
 * an IOVA region (the bounce buffer) with page-aligned userspace memory instead of kernel pages.
 */
public final class VduseIovaUmem {
    private VduseIovaUmem() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("uaddr"),                                     // page-aligned user address
            JAVA_LONG.withName("iova"),                                      // first IOVA of the region
            JAVA_LONG.withName("size"),                                      // bytes
            MemoryLayout.sequenceLayout(3, JAVA_LONG).withName("reserved")   // must be zero
    ).withName("struct vduse_iova_umem");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_UADDR = LAYOUT.byteOffset(groupElement("uaddr"));
    public static final long OFFSET_IOVA = LAYOUT.byteOffset(groupElement("iova"));
    public static final long OFFSET_SIZE = LAYOUT.byteOffset(groupElement("size"));
    public static final long OFFSET_RESERVED = LAYOUT.byteOffset(groupElement("reserved"));

    public static long uaddr(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_UADDR); }
    public static void uaddr(MemorySegment s, long v) { s.set(JAVA_LONG, OFFSET_UADDR, v); }
    public static long iova(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_IOVA); }
    public static void iova(MemorySegment s, long v) { s.set(JAVA_LONG, OFFSET_IOVA, v); }
    public static long size(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_SIZE); }
    public static void size(MemorySegment s, long v) { s.set(JAVA_LONG, OFFSET_SIZE, v); }
}
