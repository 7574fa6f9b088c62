package io.jvirtiod.vduse;

import io.jvirtiod.inflight.QueueLog;
import io.jvirtiod.virtqueue.InflightTracker;

/**
 * Connects a virtqueue's in-flight hooks to its record in the in-flight log: set in flight on fetch, build the
 * last batch before the used index is published, clear it after (vhost-user "Inflight I/O tracking").
 */
final class LogTracker implements InflightTracker {
    private final QueueLog log;

    LogTracker(QueueLog log) {
        this.log = log;
    }

    @Override
    public void onFetch(int head, long counter) {
        // false: the head is already in flight, i.e. the driver made it available twice (virtio 1.2 §2.7.13);
        // the queue engine rejects that itself before it gets here.
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
