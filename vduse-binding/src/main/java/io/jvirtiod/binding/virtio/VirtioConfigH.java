package io.jvirtiod.binding.virtio;

import java.util.List;

/**
 * linux/virtio_config.h (and the two ring feature bits of linux/virtio_ring.h): the device status bits a driver
 * writes during initialisation (virtio 1.2 §2.1) and the transport-level feature bit numbers (virtio 1.2 §6).
 * Feature constants are bit numbers, not masks: test them with {@code (features >>> BIT) & 1}. Bits newer than
 * the installed headers come from jvirtiod/virtio_ext.h.
 */
public final class VirtioConfigH {
    private VirtioConfigH() {}

    public static final List<String> C_INCLUDES = List.of("linux/virtio_config.h", "linux/virtio_ring.h",
            "jvirtiod/virtio_ext.h");

    // ---- device status (virtio 1.2 §2.1) ----
    public static final int VIRTIO_CONFIG_S_ACKNOWLEDGE = 1;
    public static final int VIRTIO_CONFIG_S_DRIVER = 2;
    public static final int VIRTIO_CONFIG_S_DRIVER_OK = 4;
    public static final int VIRTIO_CONFIG_S_FEATURES_OK = 8;
    public static final int VIRTIO_CONFIG_S_NEEDS_RESET = 0x40;
    public static final int VIRTIO_CONFIG_S_FAILED = 0x80;

    // ---- feature bit numbers (virtio 1.2 §6) ----
    /** Legacy: interrupt when the available ring runs empty. */
    public static final int VIRTIO_F_NOTIFY_ON_EMPTY = 24;
    /** Legacy: any descriptor layout (implied by VERSION_1). */
    public static final int VIRTIO_F_ANY_LAYOUT = 27;
    public static final int VIRTIO_RING_F_INDIRECT_DESC = 28;
    public static final int VIRTIO_RING_F_EVENT_IDX = 29;
    public static final int VIRTIO_F_VERSION_1 = 32;
    public static final int VIRTIO_F_ACCESS_PLATFORM = 33;
    /** Legacy name of VIRTIO_F_ACCESS_PLATFORM. */
    public static final int VIRTIO_F_IOMMU_PLATFORM = 33;
    public static final int VIRTIO_F_RING_PACKED = 34;
    public static final int VIRTIO_F_IN_ORDER = 35;
    public static final int VIRTIO_F_ORDER_PLATFORM = 36;
    public static final int VIRTIO_F_SR_IOV = 37;
    public static final int VIRTIO_F_NOTIFICATION_DATA = 38;
    public static final int VIRTIO_F_NOTIF_CONFIG_DATA = 39;
    public static final int VIRTIO_F_RING_RESET = 40;
    public static final int VIRTIO_F_ADMIN_VQ = 41;

    /** The mask of feature bit {@code bit}. */
    public static long bit(int bit) {
        if (bit < 0 || bit > 63) throw new IllegalArgumentException("virtio feature bit " + bit + " is not in 0..63");
        return 1L << bit;
    }

    /** Whether {@code features} has feature bit {@code bit} set. */
    public static boolean has(long features, int bit) {
        return (features & bit(bit)) != 0;
    }
}
