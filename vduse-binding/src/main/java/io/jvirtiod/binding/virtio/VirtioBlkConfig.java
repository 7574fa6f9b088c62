package io.jvirtiod.binding.virtio;

import io.jvirtiod.binding.Packed;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * {@code struct virtio_blk_config} (linux/virtio_blk.h, virtio 1.2 §5.2.4): the block device's config space,
 * which the device fills in and the driver reads. The header declares it {@code __attribute__((packed))}, so it
 * has alignment 1 and its accessors are unaligned. Fields are little-endian (x86-64 native order); each group of
 * fields is meaningful only under the feature bit named beside it.
 */
public final class VirtioBlkConfig {
    private VirtioBlkConfig() {}

    public static final StructLayout LAYOUT = Packed.struct(
            JAVA_LONG.withName("capacity"),                  // size in 512-byte sectors
            JAVA_INT.withName("size_max"),                   // VIRTIO_BLK_F_SIZE_MAX: largest segment
            JAVA_INT.withName("seg_max"),                    // VIRTIO_BLK_F_SEG_MAX: most segments per request
            VirtioBlkGeometry.LAYOUT.withName("geometry"),   // VIRTIO_BLK_F_GEOMETRY
            JAVA_INT.withName("blk_size"),                   // VIRTIO_BLK_F_BLK_SIZE: logical block size
            JAVA_BYTE.withName("physical_block_exp"),        // VIRTIO_BLK_F_TOPOLOGY: log2(physical/logical)
            JAVA_BYTE.withName("alignment_offset"),          //   offset of the first aligned logical block
            JAVA_SHORT.withName("min_io_size"),              //   suggested minimum I/O size in blocks
            JAVA_INT.withName("opt_io_size"),                //   optimal I/O size in blocks
            JAVA_BYTE.withName("wce"),                       // VIRTIO_BLK_F_CONFIG_WCE: writeback cache on
            JAVA_BYTE.withName("unused"),
            JAVA_SHORT.withName("num_queues"),               // VIRTIO_BLK_F_MQ
            JAVA_INT.withName("max_discard_sectors"),        // VIRTIO_BLK_F_DISCARD
            JAVA_INT.withName("max_discard_seg"),
            JAVA_INT.withName("discard_sector_alignment"),
            JAVA_INT.withName("max_write_zeroes_sectors"),   // VIRTIO_BLK_F_WRITE_ZEROES
            JAVA_INT.withName("max_write_zeroes_seg"),
            JAVA_BYTE.withName("write_zeroes_may_unmap"),
            MemoryLayout.sequenceLayout(3, JAVA_BYTE).withName("unused1"),
            JAVA_INT.withName("max_secure_erase_sectors"),   // VIRTIO_BLK_F_SECURE_ERASE
            JAVA_INT.withName("max_secure_erase_seg"),
            JAVA_INT.withName("secure_erase_sector_alignment")
    ).withName("struct virtio_blk_config");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_CAPACITY = offset("capacity");
    public static final long OFFSET_SIZE_MAX = offset("size_max");
    public static final long OFFSET_SEG_MAX = offset("seg_max");
    public static final long OFFSET_GEOMETRY = offset("geometry");
    public static final long OFFSET_BLK_SIZE = offset("blk_size");
    public static final long OFFSET_PHYSICAL_BLOCK_EXP = offset("physical_block_exp");
    public static final long OFFSET_ALIGNMENT_OFFSET = offset("alignment_offset");
    public static final long OFFSET_MIN_IO_SIZE = offset("min_io_size");
    public static final long OFFSET_OPT_IO_SIZE = offset("opt_io_size");
    public static final long OFFSET_WCE = offset("wce");
    public static final long OFFSET_NUM_QUEUES = offset("num_queues");
    public static final long OFFSET_MAX_DISCARD_SECTORS = offset("max_discard_sectors");
    public static final long OFFSET_MAX_DISCARD_SEG = offset("max_discard_seg");
    public static final long OFFSET_DISCARD_SECTOR_ALIGNMENT = offset("discard_sector_alignment");
    public static final long OFFSET_MAX_WRITE_ZEROES_SECTORS = offset("max_write_zeroes_sectors");
    public static final long OFFSET_MAX_WRITE_ZEROES_SEG = offset("max_write_zeroes_seg");
    public static final long OFFSET_WRITE_ZEROES_MAY_UNMAP = offset("write_zeroes_may_unmap");
    public static final long OFFSET_MAX_SECURE_ERASE_SECTORS = offset("max_secure_erase_sectors");
    public static final long OFFSET_MAX_SECURE_ERASE_SEG = offset("max_secure_erase_seg");
    public static final long OFFSET_SECURE_ERASE_SECTOR_ALIGNMENT = offset("secure_erase_sector_alignment");

    private static long offset(String field) {
        return LAYOUT.byteOffset(groupElement(field));
    }

    public static long capacity(MemorySegment s) { return s.get(JAVA_LONG_UNALIGNED, OFFSET_CAPACITY); }
    public static void capacity(MemorySegment s, long v) { s.set(JAVA_LONG_UNALIGNED, OFFSET_CAPACITY, v); }
    public static int size_max(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_SIZE_MAX); }
    public static void size_max(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_SIZE_MAX, v); }
    public static int seg_max(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_SEG_MAX); }
    public static void seg_max(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_SEG_MAX, v); }

    /** The geometry, read and written with {@link VirtioBlkGeometry}. */
    public static MemorySegment geometry(MemorySegment s) { return s.asSlice(OFFSET_GEOMETRY, VirtioBlkGeometry.SIZE); }

    public static int blk_size(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_BLK_SIZE); }
    public static void blk_size(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_BLK_SIZE, v); }
    public static byte physical_block_exp(MemorySegment s) { return s.get(JAVA_BYTE, OFFSET_PHYSICAL_BLOCK_EXP); }
    public static void physical_block_exp(MemorySegment s, byte v) { s.set(JAVA_BYTE, OFFSET_PHYSICAL_BLOCK_EXP, v); }
    public static byte alignment_offset(MemorySegment s) { return s.get(JAVA_BYTE, OFFSET_ALIGNMENT_OFFSET); }
    public static void alignment_offset(MemorySegment s, byte v) { s.set(JAVA_BYTE, OFFSET_ALIGNMENT_OFFSET, v); }
    public static short min_io_size(MemorySegment s) { return s.get(JAVA_SHORT_UNALIGNED, OFFSET_MIN_IO_SIZE); }
    public static void min_io_size(MemorySegment s, short v) { s.set(JAVA_SHORT_UNALIGNED, OFFSET_MIN_IO_SIZE, v); }
    public static int opt_io_size(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_OPT_IO_SIZE); }
    public static void opt_io_size(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_OPT_IO_SIZE, v); }
    public static byte wce(MemorySegment s) { return s.get(JAVA_BYTE, OFFSET_WCE); }
    public static void wce(MemorySegment s, byte v) { s.set(JAVA_BYTE, OFFSET_WCE, v); }
    public static short num_queues(MemorySegment s) { return s.get(JAVA_SHORT_UNALIGNED, OFFSET_NUM_QUEUES); }
    public static void num_queues(MemorySegment s, short v) { s.set(JAVA_SHORT_UNALIGNED, OFFSET_NUM_QUEUES, v); }
    public static int max_discard_sectors(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_MAX_DISCARD_SECTORS); }
    public static void max_discard_sectors(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_MAX_DISCARD_SECTORS, v); }
    public static int max_discard_seg(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_MAX_DISCARD_SEG); }
    public static void max_discard_seg(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_MAX_DISCARD_SEG, v); }
    public static int discard_sector_alignment(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_DISCARD_SECTOR_ALIGNMENT); }
    public static void discard_sector_alignment(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_DISCARD_SECTOR_ALIGNMENT, v); }
    public static int max_write_zeroes_sectors(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_MAX_WRITE_ZEROES_SECTORS); }
    public static void max_write_zeroes_sectors(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_MAX_WRITE_ZEROES_SECTORS, v); }
    public static int max_write_zeroes_seg(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_MAX_WRITE_ZEROES_SEG); }
    public static void max_write_zeroes_seg(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_MAX_WRITE_ZEROES_SEG, v); }
    public static byte write_zeroes_may_unmap(MemorySegment s) { return s.get(JAVA_BYTE, OFFSET_WRITE_ZEROES_MAY_UNMAP); }
    public static void write_zeroes_may_unmap(MemorySegment s, byte v) { s.set(JAVA_BYTE, OFFSET_WRITE_ZEROES_MAY_UNMAP, v); }
    public static int max_secure_erase_sectors(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_MAX_SECURE_ERASE_SECTORS); }
    public static void max_secure_erase_sectors(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_MAX_SECURE_ERASE_SECTORS, v); }
    public static int max_secure_erase_seg(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_MAX_SECURE_ERASE_SEG); }
    public static void max_secure_erase_seg(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_MAX_SECURE_ERASE_SEG, v); }
    public static int secure_erase_sector_alignment(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_SECURE_ERASE_SECTOR_ALIGNMENT); }
    public static void secure_erase_sector_alignment(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_SECURE_ERASE_SECTOR_ALIGNMENT, v); }
}
