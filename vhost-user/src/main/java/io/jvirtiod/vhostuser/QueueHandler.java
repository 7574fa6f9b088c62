package io.jvirtiod.vhostuser;

import io.jvirtiod.virtqueue.DescriptorChain;

/**
 * What a device does with the chains of one of its queues. Called on that queue's worker thread only; the chain
 * is valid until {@link #serve} returns. When the queue stops, the worker thread is interrupted: a request that
 * waits (a FUSE lock wait) should then give up, so GET_VRING_BASE, a reset or a disconnect is not held up.
 */
public interface QueueHandler extends AutoCloseable {
    /** Serves one chain and returns the bytes written into its device-writable part (the used length). */
    int serve(DescriptorChain chain);

    /** The queue stopped; release per-queue resources. */
    @Override
    default void close() {}
}
