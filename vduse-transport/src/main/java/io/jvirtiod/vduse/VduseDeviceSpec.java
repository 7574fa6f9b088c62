package io.jvirtiod.vduse;

import io.jvirtiod.binding.virtio.VirtioConfigH;

/**
 * What a VDUSE device is made of when created: its virtio identity, the features it offers, its queues and its
 * (read-only, as VDUSE requires) config space. The transport adds VIRTIO_F_ACCESS_PLATFORM, without which the
 * kernel refuses a VDUSE device (it translates every address through its IOTLB).
 */
public record VduseDeviceSpec(String name, int deviceId, int vendorId, long features, int numQueues, int queueSize,
                              byte[] config) {
    public VduseDeviceSpec {
        if (numQueues < 1) throw new IllegalArgumentException("numQueues " + numQueues);
        if (queueSize < 2 || queueSize > 32768 || Integer.bitCount(queueSize) != 1) {
            throw new IllegalArgumentException("queue size " + queueSize + " must be a power of two in 2..32768 (split rings)");
        }
        features |= VirtioConfigH.bit(VirtioConfigH.VIRTIO_F_ACCESS_PLATFORM);
        config = config.clone();
    }

    @Override
    public byte[] config() {
        return config.clone();
    }
}
