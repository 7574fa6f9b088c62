package io.jvirtiod.virtqueue;

/**
 * Hooks for a crash-recovery log that follows the vhost-user inflight protocol (docs/interop/vhost-user.rst,
 * "Inflight I/O tracking"): mark a head in flight when fetched, record the batch about to be published, and clear
 * it once the used index is visible to the guest. Why hooks: the engine knows exactly when each step happens; the
 * log (module inflight-log) decides how to persist it. Called on the queue's thread, allocation-free.
 */
public interface InflightTracker {
    /** A chain with this head (split descriptor index, packed buffer id) was fetched; counters only increase. */
    void onFetch(int head, long counter);

    /**
     * The used elements for {@code heads[0 .. count-1]} are written but not yet published; {@code usedIndex} is
     * the used index before publication (split used->idx; packed position | wrap << 15).
     */
    void onBatchComplete(int[] heads, int count, int usedIndex);

    /** The batch is visible to the guest; {@code usedIndex} is the new used index (same encoding). */
    void onUsedPublished(int[] heads, int count, int usedIndex);

    /** No tracking. */
    InflightTracker NONE = new InflightTracker() {
        @Override public void onFetch(int head, long counter) {}
        @Override public void onBatchComplete(int[] heads, int count, int usedIndex) {}
        @Override public void onUsedPublished(int[] heads, int count, int usedIndex) {}
    };
}
