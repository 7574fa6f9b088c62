package io.jvirtiod.vhostuser;

import io.jvirtiod.inflight.QueueLog;
import io.jvirtiod.virtqueue.InflightTracker;

/**
 * Feeds a queue's fetches and completions into its region of the shared in-flight buffer
 * (VHOST_USER_PROTOCOL_F_INFLIGHT_SHMFD), in the order vhost-user.rst's "Inflight I/O tracking" prescribes, so
 * a back-end that dies mid-request can be restarted and the front-end knows what was never completed.
 */
final class InflightTracking implements InflightTracker {
    private final QueueLog log;

    InflightTracking(QueueLog log) {
        this.log = log;
    }

    @Override
    public void onFetch(int head, long counter) {
        // false: the head is still in flight from before a restart and is being served again; the record stays.
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
