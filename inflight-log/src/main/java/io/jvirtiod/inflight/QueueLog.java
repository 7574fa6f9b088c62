package io.jvirtiod.inflight;

import io.jvirtiod.binding.vhost.VhostInflightDescSplit;
import io.jvirtiod.binding.vhost.VhostInflightQueueSplit;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * One split virtqueue's in-flight record, kept as vhost-user specifies (QEMU docs/interop/vhost-user.rst,
 * "Inflight I/O tracking"), so that a backend killed at any instruction can be restarted and finish every
 * request the guest submitted: none lost, none completed twice.
 *
 * <p>Protocol, per the spec, for the one thread that serves this queue (single writer):
 * <ol>
 *   <li>{@link #onFetch} for each head taken from the avail ring, before the request is processed:
 *       {@code desc[i].counter = counter++; desc[i].inflight = 1}.</li>
 *   <li>{@link #addToBatch} for each completed head: {@code desc[i].next = last_batch_head;
 *       last_batch_head = i}; the caller writes the used ring elements.</li>
 *   <li>The caller publishes the used ring idx (a release store, as virtio 1.2 §2.7.8 requires anyway), then
 *       calls {@link #onBatchPublished}: clears {@code inflight} of each head of the batch, then sets
 *       {@code used_idx} to the used ring idx.</li>
 *   <li>After a restart, {@link #recover} with the used ring idx: if it differs from {@code used_idx} the
 *       last batch reached the guest but its record is half done, so the batch list from
 *       {@code last_batch_head} (used idx - used_idx entries) is cleared; every head still in flight is
 *       then resubmitted in counter order.</li>
 * </ol>
 * Stores that another incarnation relies on are release stores (flag after data, mark after flags), so
 * whatever prefix of them a SIGKILL leaves in the page cache is one of the states above. Per-request calls
 * allocate nothing.
 */
public final class QueueLog {
    private final String source;
    private final int queueIndex;
    private final int queueSize;
    private final MemorySegment region;
    private final MemorySegment slot; // our resume slot in the log file, or null in a vhost-user shared buffer

    private long nextCounter;
    private int lastAvailIdx;
    private int batchSize;
    private int batchSeq = 1;
    private final int[] batchMark; // batchMark[h] == batchSeq: h is in the batch being built
    private boolean mustRecover;

    QueueLog(String source, int queueIndex, int queueSize, MemorySegment region, MemorySegment slot,
             boolean mustRecover) {
        this.source = source;
        this.queueIndex = queueIndex;
        this.queueSize = queueSize;
        this.region = region;
        this.slot = slot;
        this.batchMark = new int[queueSize];
        this.mustRecover = mustRecover;
    }

    public int queueIndex() {
        return queueIndex;
    }

    public int queueSize() {
        return queueSize;
    }

    /** This queue's vhost-user region (QueueRegionSplit), e.g. for inspection. */
    public MemorySegment region() {
        return region;
    }

    /** Our resume slot in the log file's header, null in a vhost-user shared buffer. */
    MemorySegment slot() {
        return slot;
    }

    /** The avail ring index of the next head to fetch, as this log counts it. */
    public int lastAvailIdx() {
        return lastAvailIdx;
    }

    /** Whether {@code head} is recorded as in flight. */
    public boolean isInflight(int head) {
        checkHead(head);
        return VhostInflightDescSplit.inflightAcquire(region, VhostInflightQueueSplit.descOffset(head)) == 1;
    }

    /**
     * Records that {@code head} was fetched from the avail ring; call it before processing the request.
     *
     * @return false, recording nothing, when {@code head} is already in flight: the driver made a head
     *         available twice (a buffer belongs to the device until it is used, virtio 1.2 §2.7.13); the caller
     *         should treat the device as broken (NEEDS_RESET) rather than serve the request twice
     */
    public boolean onFetch(int head) {
        checkReady();
        checkHead(head);
        long d = VhostInflightQueueSplit.descOffset(head);
        if (VhostInflightDescSplit.inflight(region, d) != 0) return false;
        VhostInflightDescSplit.setCounter(region, d, nextCounter);
        nextCounter++;
        if (slot != null) LogHeader.setSlotNextCounter(slot, nextCounter);
        VhostInflightDescSplit.setInflightRelease(region, d, 1);
        lastAvailIdx = (lastAvailIdx + 1) & 0xffff;
        if (slot != null) LogHeader.setSlotLastAvailIdxRelease(slot, lastAvailIdx);
        return true;
    }

    /**
     * Adds a completed head to the batch of used entries being built (spec steps "Set desc[i].next to
     * last_batch_head; Set last_batch_head to i"). Call it before the used ring idx is published.
     *
     * @return false, recording nothing, when {@code head} is not in flight or already in this batch
     */
    public boolean addToBatch(int head) {
        checkReady();
        checkHead(head);
        long d = VhostInflightQueueSplit.descOffset(head);
        if (VhostInflightDescSplit.inflight(region, d) != 1 || batchMark[head] == batchSeq) return false;
        VhostInflightDescSplit.setNext(region, d, VhostInflightQueueSplit.lastBatchHead(region));
        VhostInflightQueueSplit.setLastBatchHeadRelease(region, head);
        batchMark[head] = batchSeq;
        batchSize++;
        return true;
    }

    /** Heads added to the batch not yet published. */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Records that the used ring idx was set to {@code usedIdx}, publishing the batch (spec steps "Set the
     * inflight field of each DescStateSplit entry in the batch to 0; Set used_idx to the idx value of used
     * ring"). The caller's store of the used ring idx must come before this call.
     *
     * @throws IllegalStateException when {@code usedIdx} is not the log's used_idx plus the batch size
     */
    public void onBatchPublished(int usedIdx) {
        checkReady();
        int logUsed = VhostInflightQueueSplit.usedIdx(region);
        int size = (usedIdx - logUsed) & 0xffff;
        if (size != batchSize) {
            throw new IllegalStateException("queue " + queueIndex + ": used idx " + usedIdx + " is " + size
                    + " past the log's used_idx " + logUsed + " but the batch holds " + batchSize + " heads");
        }
        // The used ring idx store (guest memory) must be visible before any flag is cleared: a flag cleared
        // first and a crash would lose a request the guest never saw completed.
        VarHandle.releaseFence();
        int h = VhostInflightQueueSplit.lastBatchHead(region);
        for (int i = 0; i < size; i++) {
            long d = VhostInflightQueueSplit.descOffset(h);
            VhostInflightDescSplit.setInflight(region, d, 0);
            h = VhostInflightDescSplit.next(region, d);
        }
        VhostInflightQueueSplit.setUsedIdxRelease(region, usedIdx & 0xffff);
        batchSize = 0;
        batchSeq++;
    }

    /**
     * Brings the record up to date with the used ring after a restart and returns what to resubmit
     * (spec "When reconnecting"). Safe to repeat, and safe to be killed in: it only completes the
     * interrupted batch record with the same ordered stores.
     *
     * @param usedRingIdx the idx field of the queue's used ring, read from guest memory
     * @throws InflightLogCorruptException when the record and the used ring cannot both be right
     */
    public Recovery recover(int usedRingIdx) {
        usedRingIdx &= 0xffff;
        if (VhostInflightQueueSplit.version(region) == 0) {
            // "Zero value indicates an uninitialized buffer" (vhost-user.rst): nothing was tracked in it.
            InflightLog.initRegion(region, queueSize, usedRingIdx);
            return resumed(new int[0], usedRingIdx, 0, usedRingIdx, 0);
        }
        int logUsed = VhostInflightQueueSplit.usedIdx(region);
        int batch = (usedRingIdx - logUsed) & 0xffff;
        if (batch > queueSize) {
            throw new InflightLogCorruptException(source, "queue " + queueIndex + " used_idx", logUsed,
                    "the used ring idx " + usedRingIdx + " is " + batch + " entries ahead, but one batch holds"
                            + " at most the queue size " + queueSize);
        }
        // Everything is checked before anything is written: a log that does not match the ring is reported
        // as it is, with no record cleared.
        batchSeq++;
        int cleared = 0;
        int h = VhostInflightQueueSplit.lastBatchHead(region);
        for (int i = 0; i < batch; i++) {
            if (batchMark[h] == batchSeq) {
                throw new InflightLogCorruptException(source, "queue " + queueIndex + " last batch list", h,
                        "head " + h + " repeats after " + i + " entries, but the used ring says the last"
                                + " batch had " + batch);
            }
            batchMark[h] = batchSeq;
            long d = VhostInflightQueueSplit.descOffset(h);
            if (VhostInflightDescSplit.inflight(region, d) == 1) cleared++;
            h = VhostInflightDescSplit.next(region, d);
        }

        int n = 0;
        int[] heads = new int[queueSize];
        long[] counters = new long[queueSize];
        long maxCounter = -1;
        for (h = 0; h < queueSize; h++) {
            long d = VhostInflightQueueSplit.descOffset(h);
            if (VhostInflightDescSplit.inflight(region, d) == 1 && batchMark[h] != batchSeq) {
                long c = VhostInflightDescSplit.counter(region, d);
                heads[n] = h;
                counters[n++] = c;
                maxCounter = Math.max(maxCounter, c);
            }
        }
        int[] sorted = byCounter(heads, counters, n);

        int lastAvail = (usedRingIdx + n) & 0xffff;
        long next = maxCounter + 1;
        if (slot != null) {
            long storedNext = LogHeader.slotNextCounter(slot);
            if (maxCounter >= storedNext) {
                throw new InflightLogCorruptException(source, "queue " + queueIndex + " next_counter",
                        Long.toUnsignedString(storedNext), "an in-flight head has counter " + maxCounter
                                + ", but every counter taken is below next_counter");
            }
            next = storedNext;
            int storedAvail = LogHeader.slotLastAvailIdx(slot);
            // A kill between "inflight = 1" and the last_avail_idx store leaves it one behind; then the newest
            // head in flight is that fetch, whose counter is next_counter - 1.
            boolean oneBehind = ((storedAvail + 1) & 0xffff) == lastAvail && maxCounter == storedNext - 1;
            if (storedAvail != lastAvail && !oneBehind) {
                throw new InflightLogCorruptException(source, "queue " + queueIndex + " last_avail_idx", storedAvail,
                        "the used ring idx " + usedRingIdx + " plus " + n + " heads in flight make " + lastAvail
                                + " (every fetched head is either in flight or used)");
            }
        }

        if (batch != 0) {
            // Spec "When reconnecting": clear the last batch, then set used_idx (the same order as publishing,
            // so a kill in here leaves a log this method recovers again).
            h = VhostInflightQueueSplit.lastBatchHead(region);
            for (int i = 0; i < batch; i++) {
                long d = VhostInflightQueueSplit.descOffset(h);
                VhostInflightDescSplit.setInflight(region, d, 0);
                h = VhostInflightDescSplit.next(region, d);
            }
            VhostInflightQueueSplit.setUsedIdxRelease(region, usedRingIdx);
        }
        return resumed(sorted, lastAvail, next, usedRingIdx, cleared);
    }

    private Recovery resumed(int[] heads, int lastAvail, long next, int usedRingIdx, int cleared) {
        if (slot != null) LogHeader.setSlotLastAvailIdxRelease(slot, lastAvail);
        batchSeq++;
        nextCounter = next;
        lastAvailIdx = lastAvail;
        batchSize = 0;
        mustRecover = false;
        return new Recovery(heads, lastAvail, usedRingIdx, cleared);
    }

    /** The first {@code n} heads ordered by their counters (spec: "in order of their counter value"). */
    private int[] byCounter(int[] heads, long[] counters, int n) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Long.compare(counters[a], counters[b]));
        int[] sorted = new int[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = heads[order[i]];
            if (i > 0 && counters[order[i]] == counters[order[i - 1]]) {
                throw new InflightLogCorruptException(source,
                        "queue " + queueIndex + " desc[" + sorted[i] + "].counter", counters[order[i]],
                        "equals desc[" + sorted[i - 1] + "].counter: each fetch takes a new counter value");
            }
        }
        return sorted;
    }

    private void checkHead(int head) {
        if (head < 0 || head >= queueSize) {
            throw new IndexOutOfBoundsException("queue " + queueIndex + ": head " + head
                    + " is outside the descriptor table of " + queueSize);
        }
    }

    private void checkReady() {
        if (mustRecover) {
            throw new IllegalStateException("queue " + queueIndex + " of " + source
                    + ": call recover(usedRingIdx) first, the log may hold requests in flight");
        }
    }
}
