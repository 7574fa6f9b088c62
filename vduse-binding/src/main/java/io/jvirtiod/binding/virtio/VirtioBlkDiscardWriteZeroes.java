package io.jvirtiod.binding.virtio;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * {@code struct virtio_blk_discard_write_zeroes} (linux/virtio_blk.h, virtio 1.2 §5.2.6): one range of a
 * DISCARD, WRITE_ZEROES or SECURE_ERASE request; a request carries an array of them after its header.
 * Little-endian (x86-64 native order); unaligned accessors since guest memory is read where it lies.
 */
public final class VirtioBlkDiscardWriteZeroes {
    private VirtioBlkDiscardWriteZeroes() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("sector"),        // first sector of the range
            JAVA_INT.withName("num_sectors"),    // sectors in the range
            JAVA_INT.withName("flags")           // VIRTIO_BLK_WRITE_ZEROES_FLAG_UNMAP
    ).withName("struct virtio_blk_discard_write_zeroes");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_SECTOR = LAYOUT.byteOffset(groupElement("sector"));
    public static final long OFFSET_NUM_SECTORS = LAYOUT.byteOffset(groupElement("num_sectors"));
    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));

    public static long sector(MemorySegment s) { return s.get(JAVA_LONG_UNALIGNED, OFFSET_SECTOR); }
    public static void sector(MemorySegment s, long v) { s.set(JAVA_LONG_UNALIGNED, OFFSET_SECTOR, v); }
    public static int num_sectors(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_NUM_SECTORS); }
    public static void num_sectors(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_NUM_SECTORS, v); }
    public static int flags(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_FLAGS); }
    public static void flags(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_FLAGS, v); }
}
