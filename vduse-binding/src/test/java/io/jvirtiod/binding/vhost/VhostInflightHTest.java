package io.jvirtiod.binding.vhost;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VhostInflightHTest {

    /** libvhost-user: ALIGN_UP(sizeof(VuDescStateSplit) * queue_size + sizeof(uint16_t), INFLIGHT_ALIGNMENT). */
    private static long libvhostUserQueueSize(int queueSize) {
        long raw = 16L * queueSize + 2;
        return (raw + 63) / 64 * 64;
    }

    @Test
    void theQueueRegionSizeIsLibvhostUsersForEveryQueueSize() {
        for (int n = 0; n <= 0xffff; n++) {
            assertEquals(libvhostUserQueueSize(n), VhostInflightH.splitQueueRegionSize(n), "queue size " + n);
        }
        assertEquals(64 * 65, VhostInflightH.splitQueueRegionSize(256)); // 16 + 4096 rounded up to 64
    }

    @Test
    void theRegionHasRoomForHeaderAndEveryDescriptor() {
        for (int n = 0; n <= 0xffff; n++) {
            long size = VhostInflightH.splitQueueRegionSize(n);
            assertEquals(0, size % VhostInflightH.VHOST_INFLIGHT_ALIGNMENT);
            long need = VhostInflightQueueSplit.descOffset(n);
            if (size < need || size - need >= 64) throw new AssertionError("queue size " + n + ": " + size);
        }
    }

    @Test
    void aQueueSizeBeyondSixteenBitsIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> VhostInflightH.splitQueueRegionSize(0x10000));
        assertThrows(IllegalArgumentException.class, () -> VhostInflightH.splitQueueRegionSize(-1));
    }

    @Test
    void accessorsReadWhatTheyWroteAtQemusOffsets() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment r = arena.allocate(VhostInflightH.splitQueueRegionSize(4), 64);
            VhostInflightQueueSplit.setFeatures(r, 0x0102030405060708L);
            VhostInflightQueueSplit.setVersionRelease(r, 1);
            VhostInflightQueueSplit.setDescNum(r, 4);
            VhostInflightQueueSplit.setLastBatchHeadRelease(r, 3);
            VhostInflightQueueSplit.setUsedIdxRelease(r, 0xfffe);
            long d2 = VhostInflightQueueSplit.descOffset(2);
            VhostInflightDescSplit.setCounter(r, d2, 77);
            VhostInflightDescSplit.setNext(r, d2, 0xabcd);
            VhostInflightDescSplit.setInflightRelease(r, d2, 1);
            assertEquals(8, r.get(JAVA_BYTE, 0)); // little-endian features
            assertEquals(1, r.get(JAVA_SHORT, 8));
            assertEquals(4, r.get(JAVA_SHORT, 10));
            assertEquals(3, r.get(JAVA_SHORT, 12));
            assertEquals(16 + 2 * 16, d2);
            assertEquals(1, r.get(JAVA_BYTE, d2));
            assertEquals((short) 0xabcd, r.get(JAVA_SHORT, d2 + 6));
            assertEquals(77, r.get(JAVA_LONG, d2 + 8));
            assertEquals(0xfffe, VhostInflightQueueSplit.usedIdx(r));
            assertEquals(1, VhostInflightDescSplit.inflightAcquire(r, d2));
            assertEquals(0, VhostInflightDescSplit.padding(r, d2));
            r.set(JAVA_BYTE, d2 + 5, (byte) 0x80);
            assertEquals(0x80L << 32, VhostInflightDescSplit.padding(r, d2));
        }
    }
}
