package io.jvirtiod.blk;

import io.jvirtiod.binding.virtio.VirtioBlkConfig;
import io.jvirtiod.binding.virtio.VirtioBlkH;
import io.jvirtiod.binding.virtio.VirtioConfigH;

import java.lang.foreign.MemorySegment;

/**
 * What a virtio-blk device offers the driver: its feature bits and its configuration space (virtio 1.2 §5.2.3,
 * §5.2.4). Why one record: the features and the config fields they enable must agree (a field is valid only
 * when its feature is offered, §5.2.4), so both are derived from the same values here.
 *
 * @param capacity               size in 512-byte sectors (§5.2.4: capacity is always in 512-byte units)
 * @param blkSize                logical block size the driver should use (VIRTIO_BLK_F_BLK_SIZE)
 * @param segMax                 most data segments per request (VIRTIO_BLK_F_SEG_MAX)
 * @param numQueues              request queues (VIRTIO_BLK_F_MQ when more than one)
 * @param readOnly               VIRTIO_BLK_F_RO: writes fail with IOERR (§5.2.6.2)
 * @param maxDiscardSectors      VIRTIO_BLK_F_DISCARD limits; 0 means discard is not offered
 * @param maxDiscardSeg          segments per discard request
 * @param maxWriteZeroesSectors  VIRTIO_BLK_F_WRITE_ZEROES limits; 0 means write-zeroes is not offered
 * @param maxWriteZeroesSeg      segments per write-zeroes request
 * @param serial                 the GET_ID string (at most 20 bytes, §5.2.6)
 */
public record BlkConfig(long capacity, int blkSize, int segMax, int numQueues, boolean readOnly,
                        int maxDiscardSectors, int maxDiscardSeg, int maxWriteZeroesSectors, int maxWriteZeroesSeg,
                        String serial) {

    public static final int SECTOR = 512;
    /** preadv/pwritev take at most IOV_MAX (1024) buffers; the header and status take two more descriptors. */
    public static final int MAX_SEG = 1022;

    public BlkConfig {
        if (capacity <= 0) throw new IllegalArgumentException("capacity " + capacity + " sectors");
        if (blkSize < SECTOR || Integer.bitCount(blkSize) != 1) {
            throw new IllegalArgumentException("blk_size " + blkSize + " must be a power of two >= 512");
        }
        if (segMax < 1 || segMax > MAX_SEG) throw new IllegalArgumentException("seg_max " + segMax + " not in 1.." + MAX_SEG);
        if (numQueues < 1 || numQueues > 0xffff) throw new IllegalArgumentException("num_queues " + numQueues);
        if (serial.getBytes(java.nio.charset.StandardCharsets.US_ASCII).length > VirtioBlkH.VIRTIO_BLK_ID_BYTES) {
            throw new IllegalArgumentException("serial '" + serial + "' is longer than 20 bytes");
        }
    }

    /** The defaults jvirtiod serves a backend with: discard and write-zeroes on, one segment each. */
    public static BlkConfig forBackend(BlkBackend backend, int numQueues, int queueSize, String serial) {
        int segMax = Math.max(1, Math.min(queueSize - 2, MAX_SEG)); // like QEMU: queue size minus header and status
        int max = backend.readOnly() ? 0 : 0x3fffff; // 2 GiB - 512 per request, QEMU's limit
        return new BlkConfig(backend.sizeBytes() / SECTOR, SECTOR, segMax, numQueues, backend.readOnly(),
                max, max == 0 ? 0 : 1, max, max == 0 ? 0 : 1, serial);
    }

    /** Device feature bits (ring features included; the transport adds its own, e.g. ACCESS_PLATFORM). */
    public long features() {
        long f = VirtioConfigH.bit(VirtioConfigH.VIRTIO_F_VERSION_1)
                | VirtioConfigH.bit(VirtioConfigH.VIRTIO_RING_F_INDIRECT_DESC)
                | VirtioConfigH.bit(VirtioConfigH.VIRTIO_RING_F_EVENT_IDX)
                | VirtioConfigH.bit(VirtioBlkH.VIRTIO_BLK_F_SEG_MAX)
                | VirtioConfigH.bit(VirtioBlkH.VIRTIO_BLK_F_BLK_SIZE)
                | VirtioConfigH.bit(VirtioBlkH.VIRTIO_BLK_F_FLUSH);
        if (numQueues > 1) f |= VirtioConfigH.bit(VirtioBlkH.VIRTIO_BLK_F_MQ);
        if (readOnly) f |= VirtioConfigH.bit(VirtioBlkH.VIRTIO_BLK_F_RO);
        if (discard()) f |= VirtioConfigH.bit(VirtioBlkH.VIRTIO_BLK_F_DISCARD);
        if (writeZeroes()) f |= VirtioConfigH.bit(VirtioBlkH.VIRTIO_BLK_F_WRITE_ZEROES);
        return f;
    }

    public boolean discard() {
        return maxDiscardSectors > 0 && maxDiscardSeg > 0;
    }

    public boolean writeZeroes() {
        return maxWriteZeroesSectors > 0 && maxWriteZeroesSeg > 0;
    }

    /** Writes struct virtio_blk_config (little-endian, §5.2.4) into {@code cfg} of {@link VirtioBlkConfig#SIZE} bytes. */
    public void writeTo(MemorySegment cfg) {
        cfg.asSlice(0, VirtioBlkConfig.SIZE).fill((byte) 0);
        VirtioBlkConfig.capacity(cfg, capacity);
        VirtioBlkConfig.seg_max(cfg, segMax);
        VirtioBlkConfig.blk_size(cfg, blkSize);
        VirtioBlkConfig.num_queues(cfg, (short) numQueues);
        int align = blkSize / SECTOR;
        VirtioBlkConfig.max_discard_sectors(cfg, maxDiscardSectors);
        VirtioBlkConfig.max_discard_seg(cfg, maxDiscardSeg);
        VirtioBlkConfig.discard_sector_alignment(cfg, align);
        VirtioBlkConfig.max_write_zeroes_sectors(cfg, maxWriteZeroesSectors);
        VirtioBlkConfig.max_write_zeroes_seg(cfg, maxWriteZeroesSeg);
        VirtioBlkConfig.write_zeroes_may_unmap(cfg, (byte) (writeZeroes() ? 1 : 0));
    }
}
