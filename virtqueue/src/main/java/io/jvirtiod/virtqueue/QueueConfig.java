package io.jvirtiod.virtqueue;

/**
 * Where a virtqueue lives and how it was negotiated, as a transport learns it (VDUSE_VQ_GET_INFO, vhost-user
 * SET_VRING_NUM/ADDR, SET_FEATURES). Addresses are guest addresses (IOVA for VDUSE): {@code descTable} is the
 * descriptor ring, {@code driverArea} the avail ring (split) or driver event suppression (packed),
 * {@code deviceArea} the used ring (split) or device event suppression (packed).
 */
public record QueueConfig(int size, long descTable, long driverArea, long deviceArea, long features) {

    /** Feature bit numbers the engine reads (virtio 1.2 §6). */
    public static final int FEATURE_INDIRECT_DESC = 28; // VIRTIO_RING_F_INDIRECT_DESC
    public static final int FEATURE_EVENT_IDX = 29;     // VIRTIO_RING_F_EVENT_IDX
    public static final int FEATURE_VERSION_1 = 32;     // VIRTIO_F_VERSION_1
    public static final int FEATURE_RING_PACKED = 34;   // VIRTIO_F_RING_PACKED

    public boolean has(int featureBit) {
        return (features >>> featureBit & 1) != 0;
    }

    public boolean packed() {
        return has(FEATURE_RING_PACKED);
    }

    public boolean eventIdx() {
        return has(FEATURE_EVENT_IDX);
    }

    public boolean indirect() {
        return has(FEATURE_INDIRECT_DESC);
    }
}
