package io.jvirtiod.inflight;

import io.jvirtiod.binding.vhost.VhostInflightDescSplit;
import io.jvirtiod.binding.vhost.VhostInflightH;
import io.jvirtiod.binding.vhost.VhostInflightQueueSplit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each rule of vhost-user.rst "Inflight I/O tracking" (split virtqueue) on a shared buffer. */
class QueueLogTest {
    private static final int QS = 8;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment shm = arena.allocate(InflightLog.sharedBufferSize(1, QS), 64);

    @AfterEach
    void close() {
        arena.close();
    }

    /** A fresh (all-zero, version 0) buffer attached and recovered against used idx 0. */
    private QueueLog fresh() {
        QueueLog q = InflightLog.overMemory(shm, 1, QS).queue(0);
        q.recover(0);
        return q;
    }

    /** The buffer as a restarted backend sees it. */
    private QueueLog reattach() {
        return InflightLog.overMemory(shm, 1, QS).queue(0);
    }

    private long desc(int head) {
        return VhostInflightQueueSplit.descOffset(head);
    }

    /** Completes {@code heads} as one batch, the caller's used ring idx going from {@code used} on. */
    private static int publish(QueueLog q, int used, int... heads) {
        for (int h : heads) assertTrue(q.addToBatch(h), "add " + h);
        used = (used + heads.length) & 0xffff;
        q.onBatchPublished(used);
        return used;
    }

    @Test
    void anUninitializedBufferIsInitializedEmpty() {
        QueueLog q = fresh();
        assertEquals(VhostInflightH.VHOST_INFLIGHT_VERSION, VhostInflightQueueSplit.version(shm));
        assertEquals(QS, VhostInflightQueueSplit.descNum(shm));
        assertEquals(0, VhostInflightQueueSplit.features(shm));
        assertEquals(0, q.lastAvailIdx());
    }

    @Test
    void anUninitializedBufferStartsAtTheUsedRingsIdx() {
        QueueLog q = InflightLog.overMemory(shm, 1, QS).queue(0);
        assertEquals(0, VhostInflightQueueSplit.version(shm), "attaching writes nothing");
        Recovery r = q.recover(1000);
        assertEquals(List.of(), r.headList());
        assertEquals(1000, r.lastAvailIdx());
        assertEquals(1000, VhostInflightQueueSplit.usedIdx(shm));
        assertTrue(q.onFetch(3));
        assertEquals(List.of(3), reattach().recover(1000).headList());
    }

    @Test
    void aFetchRecordsTheCounterAndMarksTheHeadInflight() {
        QueueLog q = fresh();
        assertTrue(q.onFetch(5));
        assertTrue(q.onFetch(2));
        assertEquals(1, VhostInflightDescSplit.inflight(shm, desc(5)));
        assertEquals(0, VhostInflightDescSplit.counter(shm, desc(5)));
        assertEquals(1, VhostInflightDescSplit.counter(shm, desc(2)));
        assertEquals(0, VhostInflightDescSplit.inflight(shm, desc(3)));
        assertEquals(2, q.lastAvailIdx());
    }

    @Test
    void aHeadMadeAvailableTwiceWhileInFlightIsRefused() {
        QueueLog q = fresh();
        assertTrue(q.onFetch(1));
        assertFalse(q.onFetch(1));
        assertEquals(1, q.lastAvailIdx());
        assertEquals(0, VhostInflightDescSplit.counter(shm, desc(1)));
    }

    @Test
    void aHeadOutsideTheTableIsRejected() {
        QueueLog q = fresh();
        assertThrows(IndexOutOfBoundsException.class, () -> q.onFetch(QS));
        assertThrows(IndexOutOfBoundsException.class, () -> q.addToBatch(-1));
    }

    @Test
    void aBatchIsLinkedFromLastBatchHeadThroughNext() {
        QueueLog q = fresh();
        for (int h : new int[] {4, 6, 7}) q.onFetch(h);
        assertTrue(q.addToBatch(6));
        assertTrue(q.addToBatch(4));
        assertEquals(4, VhostInflightQueueSplit.lastBatchHead(shm));
        assertEquals(6, VhostInflightDescSplit.next(shm, desc(4)));
        assertEquals(2, q.batchSize());
        // not yet published: still in flight, used_idx unchanged
        assertEquals(1, VhostInflightDescSplit.inflight(shm, desc(6)));
        assertEquals(0, VhostInflightQueueSplit.usedIdx(shm));
    }

    @Test
    void publishingClearsTheBatchAndRecordsTheUsedIdx() {
        QueueLog q = fresh();
        for (int h : new int[] {4, 6, 7}) q.onFetch(h);
        publish(q, 0, 6, 4);
        assertEquals(0, VhostInflightDescSplit.inflight(shm, desc(6)));
        assertEquals(0, VhostInflightDescSplit.inflight(shm, desc(4)));
        assertEquals(1, VhostInflightDescSplit.inflight(shm, desc(7)));
        assertEquals(2, VhostInflightQueueSplit.usedIdx(shm));
        assertEquals(0, q.batchSize());
    }

    @Test
    void completingAHeadNotInFlightOrTwiceInOneBatchIsRefused() {
        QueueLog q = fresh();
        q.onFetch(3);
        assertFalse(q.addToBatch(2));
        assertTrue(q.addToBatch(3));
        assertFalse(q.addToBatch(3));
        assertEquals(1, q.batchSize());
        q.onBatchPublished(1);
        assertFalse(q.addToBatch(3));
    }

    @Test
    void aPublishedUsedIdxThatDoesNotMatchTheBatchIsAnError() {
        QueueLog q = fresh();
        q.onFetch(3);
        q.addToBatch(3);
        var e = assertThrows(IllegalStateException.class, () -> q.onBatchPublished(2));
        assertTrue(e.getMessage().contains("batch holds 1"), e.getMessage());
    }

    @Test
    void recoveryResubmitsWhatIsInFlightOldestFirst() {
        QueueLog q = fresh();
        for (int h : new int[] {7, 2, 5, 0, 3}) q.onFetch(h);
        int used = publish(q, 0, 5);
        used = publish(q, used, 7, 3);
        Recovery r = reattach().recover(used);
        assertEquals(List.of(2, 0), r.headList());
        assertEquals(5, r.lastAvailIdx());
        assertEquals(0, r.batchCleared());
    }

    @Test
    void aBatchBuiltButNotPublishedIsResubmitted() {
        QueueLog q = fresh();
        q.onFetch(1);
        q.onFetch(2);
        q.addToBatch(2); // killed before the used ring idx was written
        Recovery r = reattach().recover(0);
        assertEquals(List.of(1, 2), r.headList());
        assertEquals(2, r.lastAvailIdx());
    }

    @Test
    void aHalfRecordedBatchThatReachedTheUsedRingIsCleared() {
        QueueLog q = fresh();
        for (int h : new int[] {1, 2, 3, 4}) q.onFetch(h);
        q.addToBatch(3);
        q.addToBatch(1);
        q.addToBatch(4);
        // the used ring idx went to 3, then the process died before any inflight flag was cleared
        Recovery r = reattach().recover(3);
        assertEquals(List.of(2), r.headList());
        assertEquals(3, r.batchCleared());
        assertEquals(4, r.lastAvailIdx());
        assertEquals(3, VhostInflightQueueSplit.usedIdx(shm));
    }

    @Test
    void onlyTheLastBatchIsClearedNotTheOlderEntriesItsListRunsInto() {
        QueueLog q = fresh();
        q.onFetch(5);
        int used = publish(q, 0, 5); // batch 1: {5}; list 5 -> 0
        q.onFetch(5);                // the guest reused head 5, fetched again
        q.onFetch(6);
        q.addToBatch(6);             // batch 2: {6}; 6.next = 5, still in flight
        Recovery r = reattach().recover(used + 1);
        assertEquals(List.of(5), r.headList());
        assertEquals(1, r.batchCleared());
    }

    @Test
    void aRegionAsLibvhostUserWritesItRecovers() {
        // libvhost-user batches one element: last_batch_head = i, used ring idx, inflight = 0, used_idx; no next.
        QueueLog q = fresh();
        q.onFetch(2);
        q.onFetch(6);
        VhostInflightQueueSplit.setLastBatchHeadRelease(shm, 6); // vu_queue_inflight_pre_put
        Recovery r = reattach().recover(1);                     // died after vu_queue_flush
        assertEquals(List.of(2), r.headList());
        assertEquals(1, r.batchCleared());
    }

    @Test
    void recoveryCanBeRepeatedAndLeavesTheSameAnswer() {
        QueueLog q = fresh();
        for (int h : new int[] {1, 2, 3}) q.onFetch(h);
        q.addToBatch(2);
        Recovery first = reattach().recover(1);
        Recovery second = reattach().recover(1);
        assertArrayEquals(first.heads(), second.heads());
        assertEquals(first.lastAvailIdx(), second.lastAvailIdx());
        assertEquals(0, second.batchCleared());
    }

    @Test
    void fetchesAfterRecoveryAreYoungerThanTheResubmittedOnes() {
        QueueLog q = fresh();
        q.onFetch(1);
        q.onFetch(2);
        QueueLog again = reattach();
        again.recover(0);
        assertTrue(again.onFetch(3));
        assertEquals(List.of(1, 2, 3), reattach().recover(0).headList());
    }

    @Test
    void anAttachedLogMustBeRecoveredBeforeUse() {
        fresh().onFetch(1);
        QueueLog q = reattach();
        var e = assertThrows(IllegalStateException.class, () -> q.onFetch(2));
        assertTrue(e.getMessage().contains("recover"), e.getMessage());
    }

    @Test
    void theUsedIdxWrapsAtSixteenBits() {
        QueueLog q = fresh();
        VhostInflightQueueSplit.setUsedIdxRelease(shm, 0xfffe);
        q = reattach();
        assertEquals(0xfffe, q.recover(0xfffe).lastAvailIdx());
        for (int h = 0; h < 4; h++) q.onFetch(h);
        assertEquals(2, q.lastAvailIdx());
        int used = publish(q, 0xfffe, 1, 3, 0);
        assertEquals(1, used);
        q.addToBatch(2);
        Recovery r = reattach().recover(2);
        assertEquals(List.of(), r.headList());
        assertEquals(2, r.lastAvailIdx());
    }

    @Test
    void aUsedRingFurtherAheadThanOneQueueIsReportedCorrupt() {
        fresh().onFetch(1);
        var e = assertThrows(InflightLogCorruptException.class, () -> reattach().recover(QS + 1));
        assertEquals("queue 0 used_idx", e.field());
        assertTrue(e.getMessage().contains("9 entries ahead"), e.getMessage());
    }

    @Test
    void aLastBatchListThatLoopsIsReportedCorrupt() {
        QueueLog q = fresh();
        q.onFetch(1);
        q.onFetch(2);
        q.addToBatch(1);
        q.addToBatch(2);
        VhostInflightDescSplit.setNext(shm, desc(1), 2); // 2 -> 1 -> 2
        var e = assertThrows(InflightLogCorruptException.class, () -> reattach().recover(3));
        assertEquals("queue 0 last batch list", e.field());
    }

    @Test
    void twoHeadsInFlightWithOneCounterAreReportedCorrupt() {
        QueueLog q = fresh();
        q.onFetch(1);
        q.onFetch(2);
        VhostInflightDescSplit.setCounter(shm, desc(2), 0);
        var e = assertThrows(InflightLogCorruptException.class, () -> reattach().recover(0));
        assertTrue(e.field().endsWith(".counter"), e.field());
    }
}
