package io.jvirtiod.vhostuser;

import java.lang.foreign.MemorySegment;

/**
 * A virtio device as a vhost-user back-end serves it: the features it offers, its queues, its config space.
 * Why an interface: the protocol (memory table, vrings, fds, negotiation) is the same for every device type;
 * only what is done with a chain differs (virtio-fs answers FUSE, virtio-blk does block I/O).
 */
public interface VhostUserDevice {
    /** Virtio feature bits offered (virtio 1.2 §6), without VHOST_USER_F_PROTOCOL_FEATURES (the back-end adds it). */
    long features();

    /** Queues the device has; the front-end may use fewer. */
    int numQueues();

    /** The device config space (may be empty); GET_CONFIG reads it. */
    MemorySegment config();

    /** A handler for queue {@code index} about to start; closed when the queue stops. */
    QueueHandler openQueue(int index);

    /**
     * virtiofsd's {@code --thread-pool-size}: threads that serve the chains of every queue (a {@link RequestPool}),
     * each with a handler from {@link #openPoolHandler}; 0 (the default) serves each queue on its own thread.
     */
    default int poolThreads() {
        return 0;
    }

    /** A handler for one pool thread, which serves chains of any queue; closed when the pool stops. */
    default QueueHandler openPoolHandler() {
        throw new UnsupportedOperationException("this device has no request pool");
    }

    /** The device is reset (RESET_DEVICE, RESET_OWNER, or its front-end went away); every queue is stopped. */
    void reset();
}
