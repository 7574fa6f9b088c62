package io.jvirtiod.blk;

import io.jvirtiod.binding.virtio.VirtioBlkConfig;
import io.jvirtiod.binding.virtio.VirtioBlkH;
import io.jvirtiod.binding.virtio.VirtioConfigH;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlkConfigTest {

    private static BlkConfig config(boolean readOnly, int queues) {
        int max = readOnly ? 0 : 0x3fffff;
        return new BlkConfig(1 << 20, 512, 126, queues, readOnly, max, readOnly ? 0 : 1, max, readOnly ? 0 : 1, "s");
    }

    @Test
    void theConfigSpaceHoldsWhatTheFeaturesAnnounce() {
        BlkConfig c = config(false, 4);
        long f = c.features();
        assertTrue(VirtioConfigH.has(f, VirtioBlkH.VIRTIO_BLK_F_MQ));
        assertTrue(VirtioConfigH.has(f, VirtioBlkH.VIRTIO_BLK_F_DISCARD));
        assertTrue(VirtioConfigH.has(f, VirtioBlkH.VIRTIO_BLK_F_WRITE_ZEROES));
        assertTrue(VirtioConfigH.has(f, VirtioBlkH.VIRTIO_BLK_F_FLUSH));
        assertTrue(VirtioConfigH.has(f, VirtioConfigH.VIRTIO_F_VERSION_1));
        assertFalse(VirtioConfigH.has(f, VirtioBlkH.VIRTIO_BLK_F_RO));
        assertFalse(VirtioConfigH.has(f, VirtioConfigH.VIRTIO_F_RING_PACKED), "the in-flight log is split-only");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cfg = a.allocate(VirtioBlkConfig.SIZE);
            c.writeTo(cfg);
            assertEquals(1 << 20, VirtioBlkConfig.capacity(cfg));
            assertEquals(126, VirtioBlkConfig.seg_max(cfg));
            assertEquals(512, VirtioBlkConfig.blk_size(cfg));
            assertEquals(4, VirtioBlkConfig.num_queues(cfg));
            assertEquals(0x3fffff, VirtioBlkConfig.max_discard_sectors(cfg));
            assertEquals(1, VirtioBlkConfig.max_discard_seg(cfg));
            assertEquals(1, VirtioBlkConfig.max_write_zeroes_seg(cfg));
            assertEquals(1, VirtioBlkConfig.write_zeroes_may_unmap(cfg));
        }
    }

    @Test
    void aReadOnlyDeviceOffersRoAndNeitherDiscardNorWriteZeroes() {
        long f = config(true, 1).features();
        assertTrue(VirtioConfigH.has(f, VirtioBlkH.VIRTIO_BLK_F_RO));
        assertFalse(VirtioConfigH.has(f, VirtioBlkH.VIRTIO_BLK_F_DISCARD));
        assertFalse(VirtioConfigH.has(f, VirtioBlkH.VIRTIO_BLK_F_WRITE_ZEROES));
        assertFalse(VirtioConfigH.has(f, VirtioBlkH.VIRTIO_BLK_F_MQ));
    }

    @Test
    void impossibleValuesAreRejectedByName() {
        assertThrows(IllegalArgumentException.class, () -> new BlkConfig(0, 512, 1, 1, false, 0, 0, 0, 0, ""));
        assertThrows(IllegalArgumentException.class, () -> new BlkConfig(8, 1000, 1, 1, false, 0, 0, 0, 0, ""));
        assertThrows(IllegalArgumentException.class, () -> new BlkConfig(8, 512, 2000, 1, false, 0, 0, 0, 0, ""));
        assertThrows(IllegalArgumentException.class, () -> new BlkConfig(8, 512, 1, 1, false, 0, 0, 0, 0, "a serial longer than twenty"));
    }
}
