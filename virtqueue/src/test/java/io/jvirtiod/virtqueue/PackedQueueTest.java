package io.jvirtiod.virtqueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Packed-ring driver errors and the wrap counter, hand-built. */
class PackedQueueTest {
    private static final int SIZE = 4;
    private static final int NEXT = 1, WRITE = 2, INDIRECT = 4, AVAIL = 1 << 7, USED = 1 << 15;
    private static final long FEATURES = 1L << QueueConfig.FEATURE_RING_PACKED | 1L << QueueConfig.FEATURE_INDIRECT_DESC;

    private final GuestRam ram = new GuestRam(PackedDriverModel.ringBytes(SIZE) + 4096,
            PackedDriverModel.ringBytes(SIZE) + 4096);
    private final long ring = GuestRam.BASE;
    private final long data = GuestRam.BASE + PackedDriverModel.ringBytes(SIZE);

    @AfterEach
    void close() {
        ram.close();
    }

    private Virtqueue queue() throws VirtqueueException {
        return Virtqueue.open(ram.memory, new QueueConfig(SIZE, ring, ring + 16L * SIZE, ring + 16L * SIZE + 4, FEATURES),
                QueueState.INITIAL, InflightTracker.NONE);
    }

    private void desc(long table, int i, long addr, int len, int id, int flags) {
        long at = table + 16L * i;
        ram.put64(at, addr);
        ram.put32(at + 8, len);
        ram.put16(at + 12, id);
        ram.put16(at + 14, flags);
    }

    private QueueError errorOf() throws VirtqueueException {
        return assertThrows(VirtqueueException.class, queue()::pop).kind();
    }

    @Test
    void chainsAreFetchedByTheirLastIdAndUsedDescriptorsSkipTheirSlotsAcrossTheWrap() throws Exception {
        Virtqueue q = queue();
        desc(ring, 0, data, 8, 9, AVAIL | NEXT);     // id of a non-last descriptor is ignored
        desc(ring, 1, data, 8, 2, AVAIL | WRITE);
        desc(ring, 2, data, 8, 1, AVAIL);
        assertEquals(2, q.pop().head());
        assertEquals(1, q.pop().head());
        assertNull(q.pop(), "slot 3 is not available");
        q.addUsed(1, 0);
        q.addUsed(2, 5);
        q.flushUsed();
        assertEquals(1, ram.get16(ring + 12));
        assertEquals(AVAIL | USED, ram.get16(ring + 14) & (AVAIL | USED));
        assertEquals(2, ram.get16(ring + 16 + 12), "the second used descriptor follows the first's single slot");
        assertEquals(5, ram.get32(ring + 16 + 8));
        // the driver's next lap: slot 3 this lap (wrap 1), then slot 0 with wrap counter 0 (AVAIL clear, USED set)
        desc(ring, 3, data, 8, 0, AVAIL);
        desc(ring, 0, data, 8, 3, USED);
        assertEquals(0, q.pop().head());
        assertEquals(3, q.pop().head());
        assertEquals(new QueueState(1, false, 3, true), q.state());
    }

    @Test
    void aChainFillingTheLargestRingIsServedAndItsUsedDescriptorWrapsTheRing() throws Exception {
        int n = 32768;
        long bigRing = PackedDriverModel.ringBytes(n);
        try (GuestRam big = new GuestRam(bigRing + 4096, bigRing + 4096)) {
            long bigData = GuestRam.BASE + PackedDriverModel.ringBytes(n);
            for (int i = 0; i < n; i++) {
                long at = GuestRam.BASE + 16L * i;
                big.put64(at, bigData);
                big.put32(at + 8, 1);
                big.put16(at + 12, 7);
                big.put16(at + 14, AVAIL | (i + 1 < n ? NEXT : 0));
            }
            Virtqueue q = Virtqueue.open(big.memory, new QueueConfig(n, GuestRam.BASE, GuestRam.BASE + 16L * n,
                    GuestRam.BASE + 16L * n + 4, FEATURES), QueueState.INITIAL, InflightTracker.NONE);
            DescriptorChain c = q.pop();
            assertEquals(n, c.count());
            assertEquals(7, c.head());
            q.pushUsed(7, 0);
            assertEquals(new QueueState(0, false, 0, false), q.state(), "both sides went round the ring once");
            assertEquals(AVAIL | USED, big.get16(GuestRam.BASE + 14) & (AVAIL | USED));
        }
    }

    @Test
    void aBufferIdAtOrAboveTheQueueSizeIsRejected() throws Exception {
        desc(ring, 0, data, 8, SIZE, AVAIL);
        assertEquals(QueueError.BUFFER_ID_OUT_OF_RANGE, errorOf());
    }

    @Test
    void aChainLongerThanTheRingIsRejected() throws Exception {
        for (int i = 0; i < SIZE; i++) desc(ring, i, data, 8, 0, AVAIL | NEXT);
        assertEquals(QueueError.CHAIN_TOO_LONG, errorOf());
    }

    @Test
    void aNestedIndirectTableIsRejected() throws Exception {
        desc(ring, 0, data, 32, 0, AVAIL | INDIRECT);
        desc(data, 0, data + 100, 8, 0, 0);
        desc(data, 1, data + 512, 16, 0, INDIRECT);
        assertEquals(QueueError.NESTED_INDIRECT, errorOf());
    }

    @Test
    void anIndirectTableIsReadAsAPlainArray() throws Exception {
        desc(ring, 0, data, 48, 3, AVAIL | INDIRECT);
        desc(data, 0, data + 100, 10, 0, 0);
        desc(data, 1, data + 200, 20, 0, WRITE);
        desc(data, 2, data + 300, 30, 0, WRITE);
        DescriptorChain c = queue().pop();
        assertEquals(3, c.head());
        assertEquals(10, c.readableLength());
        assertEquals(50, c.writableLength());
    }

    @Test
    void aWritableBeforeAReadableIsRejected() throws Exception {
        desc(ring, 0, data, 8, 0, AVAIL | WRITE | NEXT);
        desc(ring, 1, data, 8, 0, AVAIL);
        assertEquals(QueueError.WRITABLE_BEFORE_READABLE, errorOf());
    }

    @Test
    void enablingNotificationWithEventIdxAsksForAKickAtTheNextSlotAndWrap() throws Exception {
        Virtqueue q = Virtqueue.open(ram.memory, new QueueConfig(SIZE, ring, ring + 16L * SIZE, ring + 16L * SIZE + 4,
                FEATURES | 1L << QueueConfig.FEATURE_EVENT_IDX), new QueueState(2, false, 2, false), InflightTracker.NONE);
        assertTrue(!q.enableNotification());
        assertEquals(2, ram.get16(ring + 16L * SIZE + 4), "off_wrap: slot 2, wrap counter 0");
        assertEquals(2, ram.get16(ring + 16L * SIZE + 6), "VRING_PACKED_EVENT_FLAG_DESC");
    }
}
