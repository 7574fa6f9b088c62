package io.jvirtiod.virtiofs;

import io.jvirtiod.binding.virtio.VirtioConfigH;
import io.jvirtiod.binding.virtio.VirtioFsConfig;
import io.jvirtiod.binding.virtio.VirtioFsH;
import io.jvirtiod.fs.FileSystem;
import io.jvirtiod.fs.protocol.FuseDispatcher;
import io.jvirtiod.fs.protocol.FuseOptions;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The virtio file system device (virtio 1.2 §5.11), independent of the transport that carries it (vhost-user,
 * VDUSE): its config space (tag, number of request queues), the features it offers, and one
 * {@link FuseChainServer} per queue, all answering through one FUSE session with one {@link FileSystem} (the same
 * implementation a /dev/fuse mount uses). Queue 0 is the hiprio queue (FORGET, INTERRUPT), queues 1..N are the
 * request queues (§5.11.2); both carry ordinary FUSE requests, so they are served alike.
 */
public final class VirtioFsDevice {
    /** Device features this implementation offers (virtio 1.2 §6): no packed rings, no notification queue, no DAX. */
    public static final long FEATURES = 1L << VirtioConfigH.VIRTIO_F_VERSION_1
            | 1L << VirtioConfigH.VIRTIO_RING_F_INDIRECT_DESC
            | 1L << VirtioConfigH.VIRTIO_RING_F_EVENT_IDX;

    /** The hiprio queue's index (virtio 1.2 §5.11.2). */
    public static final int HIPRIO_QUEUE = 0;

    private final String tag;
    private final int requestQueues;
    private final FileSystem fs;
    private final FuseOptions options;
    private final MemorySegment config;
    private volatile FuseDispatcher dispatcher;

    /**
     * @param tag           what the guest mounts (1..36 UTF-8 bytes, virtio 1.2 §5.11.4)
     * @param requestQueues request queues besides hiprio (at least 1)
     */
    public VirtioFsDevice(String tag, int requestQueues, FileSystem fs, FuseOptions options) {
        if (requestQueues < 1 || requestQueues > 0xfffe) {
            throw new IllegalArgumentException("num_request_queues " + requestQueues + " is not in 1..65534");
        }
        this.tag = tag;
        this.requestQueues = requestQueues;
        this.fs = fs;
        this.options = options;
        this.config = Arena.ofAuto().allocate(VirtioFsConfig.LAYOUT);
        VirtioFsConfig.tag(config, tag);
        VirtioFsConfig.num_request_queues(config, requestQueues);
        this.dispatcher = new FuseDispatcher(fs, options, null);
    }

    public String tag() {
        return tag;
    }

    /** hiprio plus the request queues. */
    public int numQueues() {
        return 1 + requestQueues;
    }

    public int deviceId() {
        return VirtioFsH.VIRTIO_ID_FS;
    }

    /** The config space (struct virtio_fs_config), read-only for the driver (§5.11.4). */
    public MemorySegment config() {
        return config.asReadOnly();
    }

    /** The FUSE session all queues share. */
    public FuseDispatcher dispatcher() {
        return dispatcher;
    }

    /** A server for one queue's worker thread; close it when the worker stops. */
    public FuseChainServer newQueueServer() {
        return new FuseChainServer(dispatcher);
    }

    /**
     * Starts a new FUSE session (device reset, virtio 1.2 §2.1: the driver will send INIT again). Call only with
     * every queue stopped. The file system forgets what the old session looked up.
     */
    public void reset() {
        FuseDispatcher old = dispatcher;
        if (old.session() != null && !old.destroyed()) fs.destroy();
        dispatcher = new FuseDispatcher(fs, options, null);
    }
}
