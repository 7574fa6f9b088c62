package io.jvirtiod.virtqueue;

import io.jvirtiod.binding.sys.Mman;
import io.jvirtiod.binding.sys.MmanH;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each driver error of a split ring, hand-built, gives its typed error; and the plain paths work. */
class SplitQueueTest {
    private static final int SIZE = 8;
    private static final int NEXT = 1, WRITE = 2, INDIRECT = 4;
    private static final int MAP_NORESERVE = 0x4000;
    private static final long INDIRECT_FEATURES = 1L << QueueConfig.FEATURE_INDIRECT_DESC;

    private final GuestRam ram = new GuestRam(SplitDriverModel.ringBytes(SIZE) + 8192,
            SplitDriverModel.ringBytes(SIZE) + 4096);
    private final long desc = GuestRam.BASE;
    private final long avail = desc + 16L * SIZE;
    private final long used = (avail + 6 + 2L * SIZE + 3) & ~3L;
    private final long data = GuestRam.BASE + SplitDriverModel.ringBytes(SIZE);

    @AfterEach
    void close() {
        ram.close();
    }

    private Virtqueue queue(long features) throws VirtqueueException {
        return Virtqueue.open(ram.memory, new QueueConfig(SIZE, desc, avail, used, features), QueueState.INITIAL,
                InflightTracker.NONE);
    }

    private void desc(long table, int i, long addr, int len, int flags, int next) {
        long at = table + 16L * i;
        ram.put64(at, addr);
        ram.put32(at + 8, len);
        ram.put16(at + 12, flags);
        ram.put16(at + 14, next);
    }

    private void offer(int... heads) {
        for (int i = 0; i < heads.length; i++) ram.put16(avail + 4 + 2L * i, heads[i]);
        ram.put16(avail + 2, heads.length);
    }

    private QueueError errorOf(long features) throws VirtqueueException {
        Virtqueue q = queue(features);
        VirtqueueException e = assertThrows(VirtqueueException.class, q::pop);
        assertSame(e, q.error());
        assertSame(e, assertThrows(VirtqueueException.class, q::pop), "a broken queue stays broken");
        return e.kind();
    }

    @Test
    void aReadableThenWritableChainIsReturnedAndCompletedWithItsLength() throws Exception {
        desc(desc, 3, data, 16, NEXT, 5);
        desc(desc, 5, data + 16, 512, WRITE, 0);
        offer(3);
        Virtqueue q = queue(0);
        DescriptorChain c = q.pop();
        assertEquals(3, c.head());
        assertEquals(1, c.readableCount());
        assertEquals(1, c.writableCount());
        assertEquals(16, c.readableLength());
        assertEquals(512, c.writableLength());
        assertNull(q.pop());
        q.pushUsed(3, 100);
        assertEquals(1, ram.get16(used + 2));
        assertEquals(3, ram.get32(used + 4));
        assertEquals(100, ram.get32(used + 8));
        assertEquals(new QueueState(1, true, 1, true), q.state());
    }

    @Test
    void aRestartedDeviceResubmitsAnInFlightHeadAndCompletesItAtTheRestoredUsedIndex() throws Exception {
        desc(desc, 2, data, 16, NEXT, 4);
        desc(desc, 4, data + 16, 64, WRITE, 0);
        offer(2);
        Virtqueue first = queue(0);
        assertEquals(2, first.pop().head());
        // the daemon dies here; the new one restores the ring base and the log's in-flight head
        SplitQueue q = (SplitQueue) Virtqueue.open(ram.memory, new QueueConfig(SIZE, desc, avail, used, 0),
                first.state(), InflightTracker.NONE);
        DescriptorChain c = q.resubmit(2);
        assertEquals(64, c.writableLength());
        assertNull(q.pop(), "the avail entry was consumed before the crash");
        assertEquals(QueueError.BUFFER_ID_IN_FLIGHT, assertThrows(VirtqueueException.class, () -> q.resubmit(2)).kind());
        q.pushUsed(2, 64);
        assertEquals(1, ram.get16(used + 2));
        assertEquals(2, ram.get32(used + 4));
    }

    @Test
    void aHeadAtOrAboveTheQueueSizeIsRejected() throws Exception {
        offer(SIZE);
        assertEquals(QueueError.DESCRIPTOR_INDEX_OUT_OF_RANGE, errorOf(0));
    }

    @Test
    void aNextIndexOutsideTheTableIsRejected() throws Exception {
        desc(desc, 0, data, 8, NEXT, 200);
        offer(0);
        assertEquals(QueueError.DESCRIPTOR_INDEX_OUT_OF_RANGE, errorOf(0));
    }

    @Test
    void aLoopingChainIsRejected() throws Exception {
        desc(desc, 0, data, 8, NEXT, 1);
        desc(desc, 1, data, 8, NEXT, 0);
        offer(0);
        assertEquals(QueueError.CHAIN_TOO_LONG, errorOf(0));
    }

    @Test
    void aChainOverFourGigabytesInTotalIsRejected() throws Exception {
        // 5 GiB of guest memory reserved, never touched: only the chain's lengths are checked
        MemorySegment big = Mman.mmap(5L << 30, MmanH.PROT_READ | MmanH.PROT_WRITE,
                MmanH.MAP_PRIVATE | MmanH.MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        try {
            GuestMemory m = GuestMemory.of(new GuestRegion(GuestRam.BASE, ram.host.asSlice(GuestRam.GUARD, ram.split)),
                    new GuestRegion(1L << 40, big));
            desc(desc, 0, 1L << 40, -1, NEXT, 1);          // 2^32 - 1 bytes
            desc(desc, 1, (1L << 40) + 16, 2, WRITE, 0);   // and 2 more
            offer(0);
            Virtqueue q = Virtqueue.open(m, new QueueConfig(SIZE, desc, avail, used, 0), QueueState.INITIAL,
                    InflightTracker.NONE);
            VirtqueueException e = assertThrows(VirtqueueException.class, q::pop);
            assertEquals(QueueError.CHAIN_TOO_LARGE, e.kind());
            assertEquals((1L << 32) + 1, e.value());
        } finally {
            Mman.munmap(big);
        }
    }

    @Test
    void aReadableBufferAfterAWritableOneIsRejected() throws Exception {
        desc(desc, 0, data, 8, WRITE | NEXT, 1);
        desc(desc, 1, data, 8, 0, 0);
        offer(0);
        assertEquals(QueueError.WRITABLE_BEFORE_READABLE, errorOf(0));
    }

    @Test
    void aBufferOutsideGuestMemoryIsRejected() throws Exception {
        desc(desc, 0, GuestRam.BASE + ram.size - 4, 8, 0, 0);
        offer(0);
        assertEquals(QueueError.ADDRESS_OUT_OF_RANGE, errorOf(0));
    }

    @Test
    void anAvailIndexMoreThanTheQueueSizeAheadIsRejected() throws Exception {
        ram.put16(avail + 2, SIZE + 1);
        assertEquals(QueueError.AVAIL_INDEX_AHEAD, errorOf(0));
    }

    @Test
    void anIndirectDescriptorWithoutTheFeatureIsRejected() throws Exception {
        desc(desc, 0, data, 16, INDIRECT, 0);
        offer(0);
        assertEquals(QueueError.INDIRECT_NOT_NEGOTIATED, errorOf(0));
    }

    @Test
    void aNestedIndirectTableIsRejected() throws Exception {
        desc(desc, 0, data, 32, INDIRECT, 0);
        desc(data, 0, data + 512, 16, INDIRECT, 0);
        offer(0);
        assertEquals(QueueError.NESTED_INDIRECT, errorOf(INDIRECT_FEATURES));
    }

    @Test
    void anIndirectTableThatIsNotAWholeNumberOfDescriptorsIsRejected() throws Exception {
        desc(desc, 0, data, 17, INDIRECT, 0);
        offer(0);
        assertEquals(QueueError.INDIRECT_TABLE_SIZE, errorOf(INDIRECT_FEATURES));
    }

    @Test
    void anEmptyIndirectTableIsRejected() throws Exception {
        desc(desc, 0, data, 0, INDIRECT, 0);
        offer(0);
        assertEquals(QueueError.INDIRECT_TABLE_SIZE, errorOf(INDIRECT_FEATURES));
    }

    @Test
    void anIndirectDescriptorWithNextIsRejected() throws Exception {
        desc(desc, 0, data, 16, INDIRECT | NEXT, 1);
        offer(0);
        assertEquals(QueueError.INDIRECT_WITH_NEXT, errorOf(INDIRECT_FEATURES));
    }

    @Test
    void aHeadOfferedAgainWhileInUseIsRejected() throws Exception {
        desc(desc, 0, data, 8, 0, 0);
        offer(0, 0);
        Virtqueue q = queue(0);
        assertEquals(0, q.pop().head());
        assertEquals(QueueError.BUFFER_ID_IN_FLIGHT, assertThrows(VirtqueueException.class, q::pop).kind());
    }

    @Test
    void aHeadOfferedAgainBeforeItsCompletionIsPublishedIsRejected() throws Exception {
        desc(desc, 0, data, 8, 0, 0);
        offer(0, 0);
        Virtqueue q = queue(0);
        q.addUsed(q.pop().head(), 0); // staged, not yet visible to the driver
        assertEquals(QueueError.BUFFER_ID_IN_FLIGHT, assertThrows(VirtqueueException.class, q::pop).kind());
    }

    @Test
    void aCompletionOfAHeadTheDeviceDoesNotHoldIsADeviceBug() throws Exception {
        desc(desc, 0, data, 8, 0, 0);
        offer(0);
        Virtqueue q = queue(0);
        int head = q.pop().head();
        q.addUsed(head, 0);
        assertThrows(IllegalArgumentException.class, () -> q.addUsed(head, 0), "completed twice");
        assertThrows(IllegalArgumentException.class, () -> q.addUsed(5, 0), "never fetched");
    }

    @Test
    void directDescriptorsFollowedByAnIndirectTableFormOneChain() throws Exception {
        desc(desc, 0, data, 4, NEXT, 1);
        desc(desc, 1, data + 256, 32, INDIRECT, 0);
        desc(data + 256, 0, data + 8, 4, NEXT, 1);
        desc(data + 256, 1, data + 16, 64, WRITE, 0);
        offer(0);
        DescriptorChain c = queue(INDIRECT_FEATURES).pop();
        assertEquals(2, c.readableCount());
        assertEquals(1, c.writableCount());
        assertEquals(data + 16, c.address(2));
        assertTrue(c.isWritable(2));
    }

    @Test
    void aMisalignedOrNonPowerOfTwoQueueIsRefused() {
        assertEquals(QueueError.RING_ADDRESS_INVALID, assertThrows(VirtqueueException.class, () -> Virtqueue.open(
                ram.memory, new QueueConfig(SIZE, desc + 8, avail, used, 0), QueueState.INITIAL, InflightTracker.NONE)).kind());
        assertEquals(QueueError.QUEUE_SIZE_INVALID, assertThrows(VirtqueueException.class, () -> Virtqueue.open(
                ram.memory, new QueueConfig(6, desc, avail, used, 0), QueueState.INITIAL, InflightTracker.NONE)).kind());
    }

    @Test
    void aBufferStraddlingTwoRegionsIsCopiedWholeAndGivesTwoIovecs() throws Exception {
        long straddle = GuestRam.BASE + ram.split - 10;
        for (int i = 0; i < 20; i++) ram.putByte(straddle + i, (byte) i);
        desc(desc, 0, straddle, 20, NEXT, 1);
        desc(desc, 1, straddle, 20, WRITE, 0);
        offer(0);
        DescriptorChain c = queue(0).pop();
        assertNull(c.segment(0), "no single slice spans two host mappings");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(20);
            assertEquals(20, c.read(0, in));
            for (int i = 0; i < 20; i++) assertEquals((byte) i, in.get(ValueLayout.JAVA_BYTE, i));
            MemorySegment out = arena.allocate(20);
            out.fill((byte) 7);
            assertEquals(20, c.write(0, out));
            for (int i = 0; i < 20; i++) assertEquals((byte) 7, ram.getByte(straddle + i));
            MemorySegment iov = arena.allocate(16 * 4);
            assertEquals(2, c.readableIovecs(iov, 4));
            assertEquals(10, iov.get(ValueLayout.JAVA_LONG, 8));
            assertEquals(10, iov.get(ValueLayout.JAVA_LONG, 24));
            assertEquals(-1, c.writableIovecs(iov, 1), "two pieces do not fit one iovec");
        }
        assertTrue(ram.guardsIntact());
    }

    @Test
    void withEventIdxTheDeviceAsksForAKickAtItsNextAvailEntry() throws Exception {
        desc(desc, 0, data, 8, 0, 0);
        offer(0);
        Virtqueue q = queue(1L << QueueConfig.FEATURE_EVENT_IDX);
        assertTrue(q.enableNotification(), "a buffer is already available");
        assertEquals(0, ram.get16(used + 4 + 8L * SIZE));
        q.pop();
        assertEquals(1, ram.get16(used + 4 + 8L * SIZE), "avail_event follows consumption while notifying");
        q.disableNotification();
        assertFalse(q.enableNotification());
    }
}
