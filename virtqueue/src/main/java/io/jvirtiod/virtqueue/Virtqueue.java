package io.jvirtiod.virtqueue;

/**
 * The device side of one virtqueue, as every device (virtio-fs, virtio-blk) uses it whatever the transport.
 * Why one interface: split (virtio 1.2 §2.7) and packed (§2.8) rings differ in layout only; devices pop chains,
 * complete them by id, and ask whether to signal, in the same way for both.
 *
 * <p>Use from one thread. A typical poll loop:
 * <pre>{@code
 * do {
 *     q.disableNotification();
 *     for (DescriptorChain c; (c = q.pop()) != null; ) { serve(c); q.addUsed(c.head(), written); }
 *     q.flushUsed();
 *     if (q.needsInterrupt()) signalGuest();
 * } while (q.enableNotification()); // buffers arrived while notifications were off: go again
 * }</pre>
 * Any {@link VirtqueueException} means the driver broke the ring: the queue stays broken (every later pop throws
 * the same error) and the device should set DEVICE_NEEDS_RESET. Misuse by the device itself (completing an id it
 * does not hold) is a programming error and throws IllegalArgumentException.
 */
public sealed interface Virtqueue permits SplitQueue, PackedQueue {

    /** Most entries an indirect table may hold when the queue is smaller (QEMU's VIRTQUEUE_MAX_SIZE). */
    int MAX_INDIRECT_ENTRIES = 1024;

    /**
     * Opens the queue a transport configured, starting from {@code state} (use {@link QueueState#INITIAL} for a new
     * queue). Fails with {@link QueueError#QUEUE_SIZE_INVALID} or {@link QueueError#RING_ADDRESS_INVALID}.
     */
    static Virtqueue open(GuestMemory memory, QueueConfig config, QueueState state, InflightTracker tracker)
            throws VirtqueueException {
        return config.packed() ? new PackedQueue(memory, config, state, tracker)
                : new SplitQueue(memory, config, state, tracker);
    }

    int size();

    /**
     * The next available chain, validated, or null when the driver has made none available. The returned chain is
     * this queue's flyweight: valid until the next pop.
     */
    DescriptorChain pop() throws VirtqueueException;

    /** Stages the completion of chain {@code head} with {@code writtenLength} bytes written; not yet visible. */
    void addUsed(int head, int writtenLength);

    /** Publishes every staged completion to the guest at once (one used-index store). */
    void flushUsed();

    /** Completes one chain and publishes it. */
    default void pushUsed(int head, int writtenLength) {
        addUsed(head, writtenLength);
        flushUsed();
    }

    /**
     * Whether the driver wants a used-buffer notification (interrupt) for what was published since the last call:
     * VRING_AVAIL_F_NO_INTERRUPT / used_event (split, §2.7.7) or the driver event suppression structure (packed,
     * §2.8.10). Call after each {@link #flushUsed()}.
     */
    boolean needsInterrupt();

    /** Asks the driver not to kick (the device is polling); advisory, see §2.7.10 and §2.8.10. */
    void disableNotification();

    /**
     * Asks the driver to kick on the next available buffer, then re-checks the ring: returns true when buffers
     * are already available (pop again instead of sleeping, or a kick may be lost).
     */
    boolean enableNotification() throws VirtqueueException;

    /** Where the device stands, for GET_VRING_BASE / save; staged completions must have been flushed. */
    QueueState state();

    /** The error that broke the queue, or null. */
    VirtqueueException error();

    /** Next fetch counter given to {@link InflightTracker#onFetch}; a restarted daemon continues from the log's. */
    void fetchCounter(long next);
}
