package io.jvirtiod.binding.virtio;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct virtio_blk_outhdr} (linux/virtio_blk.h, virtio 1.2 §5.2.6): the 16-byte header that starts
 * every block request, read from guest memory. Little-endian (x86-64 native order). Accessors are unaligned
 * because the header is wherever the driver's descriptor points.
 */
public final class VirtioBlkOuthdr {
    private VirtioBlkOuthdr() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("type"),     // VIRTIO_BLK_T_*
            JAVA_INT.withName("ioprio"),   // I/O priority hint
            JAVA_LONG.withName("sector")   // first 512-byte sector
    ).withName("struct virtio_blk_outhdr");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_TYPE = LAYOUT.byteOffset(groupElement("type"));
    public static final long OFFSET_IOPRIO = LAYOUT.byteOffset(groupElement("ioprio"));
    public static final long OFFSET_SECTOR = LAYOUT.byteOffset(groupElement("sector"));

    public static int type(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_TYPE); }
    public static void type(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_TYPE, v); }
    public static int ioprio(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_IOPRIO); }
    public static void ioprio(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_IOPRIO, v); }
    public static long sector(MemorySegment s) { return s.get(JAVA_LONG_UNALIGNED, OFFSET_SECTOR); }
    public static void sector(MemorySegment s, long v) { s.set(JAVA_LONG_UNALIGNED, OFFSET_SECTOR, v); }
}
