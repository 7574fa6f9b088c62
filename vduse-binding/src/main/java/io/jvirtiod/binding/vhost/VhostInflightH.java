package io.jvirtiod.binding.vhost;

import java.lang.foreign.MemoryLayout;
import java.util.List;

/**
 * jvirtiod/vhost_inflight.h: the vhost-user "Inflight I/O tracking" buffer for split virtqueues (QEMU
 * docs/interop/vhost-user.rst). The buffer is {@code num_queues} consecutive queue regions of
 * {@link #splitQueueRegionSize} bytes each; it is what VHOST_USER_GET_INFLIGHT_FD hands to QEMU, and the
 * per-queue part of jvirtiod's own in-flight log file.
 */
public final class VhostInflightH {
    private VhostInflightH() {}

    public static final List<String> C_INCLUDES = List.of("jvirtiod/vhost_inflight.h");
    public static final List<MemoryLayout> C_STRUCTS =
            List.of(VhostInflightDescSplit.LAYOUT, VhostInflightQueueSplit.LAYOUT);

    /** QueueRegionSplit.version of an initialized region; 0 means "uninitialized buffer". */
    public static final int VHOST_INFLIGHT_VERSION = 1;
    /** libvhost-user's INFLIGHT_ALIGNMENT: queue regions start on 64-byte boundaries. */
    public static final int VHOST_INFLIGHT_ALIGNMENT = 64;
    /** offsetof(struct vhost_inflight_queue_split, desc): the flexible array follows the 16-byte header. */
    public static final long VHOST_INFLIGHT_QUEUE_SPLIT_DESC_OFFSET = 16;

    /**
     * Bytes of one queue region for a virtqueue of {@code queueSize} descriptors: header plus descriptor
     * states, rounded up to {@link #VHOST_INFLIGHT_ALIGNMENT}. Equal to libvhost-user's
     * {@code vu_inflight_queue_size} (which adds 2 instead of the 16-byte header: same 16-byte block, same
     * multiple of 64) and DPDK's {@code get_pervq_shm_size_split}.
     */
    public static long splitQueueRegionSize(int queueSize) {
        if (queueSize < 0 || queueSize > 0xffff) {
            throw new IllegalArgumentException("queue size " + queueSize + " is not a 16-bit count");
        }
        long raw = VHOST_INFLIGHT_QUEUE_SPLIT_DESC_OFFSET + VhostInflightDescSplit.SIZE * queueSize;
        return (raw + VHOST_INFLIGHT_ALIGNMENT - 1) & -(long) VHOST_INFLIGHT_ALIGNMENT;
    }
}
