package io.jvirtiod.binding.vhost;

import java.lang.foreign.MemoryLayout;
import java.util.List;

/**
 * linux/vhost_types.h: the structures and flags shared by the kernel vhost interface and vhost-user (whose
 * vring and memory messages reuse their layouts), so both transports name the same things the same way.
 */
public final class VhostTypesH {
    private VhostTypesH() {}

    public static final List<String> C_INCLUDES = List.of("linux/vhost_types.h");
    public static final List<MemoryLayout> C_STRUCTS = List.of(VhostVringState.LAYOUT, VhostVringFile.LAYOUT,
            VhostVringAddr.LAYOUT, VhostMemoryRegion.LAYOUT, VhostMemory.LAYOUT, VhostIotlbMsg.LAYOUT);

    /** Bit number in vhost_vring_addr.flags: log_guest_addr is valid and used-ring writes are logged. */
    public static final int VHOST_VRING_F_LOG = 0;
    /** Feature bit: log all writes to guest memory (live migration dirty log). */
    public static final int VHOST_F_LOG_ALL = 26;
    public static final int VHOST_NET_F_VIRTIO_NET_HDR = 27;

    /** Region addresses and sizes are multiples of this. */
    public static final int VHOST_PAGE_SIZE = 0x1000;

    /** vhost_iotlb_msg.perm. */
    public static final int VHOST_ACCESS_RO = 0x1;
    public static final int VHOST_ACCESS_WO = 0x2;
    public static final int VHOST_ACCESS_RW = 0x3;

    /** vhost_iotlb_msg.type. */
    public static final int VHOST_IOTLB_MISS = 1;
    public static final int VHOST_IOTLB_UPDATE = 2;
    public static final int VHOST_IOTLB_INVALIDATE = 3;
    public static final int VHOST_IOTLB_ACCESS_FAIL = 4;
    public static final int VHOST_IOTLB_BATCH_BEGIN = 5;
    public static final int VHOST_IOTLB_BATCH_END = 6;

    public static final int VHOST_IOTLB_MSG = 0x1;
    public static final int VHOST_IOTLB_MSG_V2 = 0x2;

    /** Backend feature bit numbers (VHOST_SET_BACKEND_FEATURES). */
    public static final int VHOST_BACKEND_F_IOTLB_MSG_V2 = 0x1;
    public static final int VHOST_BACKEND_F_IOTLB_BATCH = 0x2;
    public static final int VHOST_BACKEND_F_IOTLB_ASID = 0x3;
    public static final int VHOST_BACKEND_F_SUSPEND = 0x4;
}
