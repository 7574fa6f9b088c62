package io.jvirtiod.inflight;

import io.jvirtiod.virtqueue.InflightTracker;

/**
 * Connects a virtqueue's in-flight hooks to its {@link QueueLog}, in the order vhost-user.rst's "Inflight I/O
 * tracking" prescribes: set in flight on fetch, build the last batch before the used index is published, clear it
 * after. Why one class: every transport that logs in-flight requests (VDUSE's own log file, vhost-user's
 * front-end-owned memfd) feeds the same record the same way.
 */
public final class QueueLogTracker implements InflightTracker {
    private final QueueLog log;

    public QueueLogTracker(QueueLog log) {
        this.log = log;
    }

    @Override
    public void onFetch(int head, long counter) {
        // A head served again after a restart is either resubmitted (no fetch) or fetched again from the avail ring
        // while its record is still set; onFetch then returns false and the record stays as it is.
        log.onFetch(head);
    }

    @Override
    public void onBatchComplete(int[] heads, int count, int usedIndex) {
        for (int i = 0; i < count; i++) log.addToBatch(heads[i]);
    }

    @Override
    public void onUsedPublished(int[] heads, int count, int usedIndex) {
        log.onBatchPublished(usedIndex);
    }
}
