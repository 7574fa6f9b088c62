package io.jvirtiod.vduse;

import io.jvirtiod.virtqueue.DescriptorChain;
import io.jvirtiod.virtqueue.GuestMemory;
import io.jvirtiod.virtqueue.InflightTracker;
import io.jvirtiod.virtqueue.QueueConfig;
import io.jvirtiod.virtqueue.QueueState;
import io.jvirtiod.virtqueue.SplitQueue;
import io.jvirtiod.virtqueue.Virtqueue;
import io.jvirtiod.virtqueue.VirtqueueException;

/**
 * Serves again, oldest first, the requests a killed daemon had fetched but not completed. Why not through the
 * avail ring: the heads to resubmit come from the in-flight log (completions may have been out of order, and the
 * driver's avail entries for them are behind the avail index already), but they must be walked, validated and
 * completed exactly like fresh ones. {@link SplitQueue#resubmit} does that for a head without consuming an avail
 * entry; completions go to the real used ring through the same in-flight hooks, and the queue then continues
 * from the used index this leaves (vhost-user "Inflight I/O tracking"; VDUSE offers split rings only).
 */
final class Resubmission {
    private Resubmission() {}

    /**
     * Resubmits {@code heads} on the split queue {@code config} whose used index stands at {@code usedIdx} and
     * returns the used index after their completion. Throws when the driver's ring no longer holds them validly
     * (the queue is then broken).
     */
    static int run(GuestMemory memory, QueueConfig config, int usedIdx, int[] heads, InflightTracker tracker,
                   ChainServer server) throws VirtqueueException {
        if (heads.length == 0) return usedIdx;
        if (config.packed()) throw new IllegalStateException("resubmission from the in-flight log needs a split ring");
        // The avail position is not used here (nothing is popped); the queue's own worker continues from the log's.
        SplitQueue q = (SplitQueue) Virtqueue.open(memory, config, new QueueState(0, true, usedIdx, true), tracker);
        for (int head : heads) {
            DescriptorChain c = q.resubmit(head);
            q.pushUsed(c.head(), server.serve(c));
        }
        return q.state().nextUsed();
    }
}
