package io.jvirtiod.binding.vduse;

import io.jvirtiod.binding.sys.IoctlH;

import java.lang.foreign.MemoryLayout;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * linux/vduse.h: the constants and ioctl numbers of VDUSE (vDPA Device in Userspace), the transport through
 * which a userspace daemon serves a virtio device to the host kernel's vDPA bus (and so to a guest through
 * vhost-vdpa). Ioctl numbers are computed from the bound layouts' sizes exactly as the _IOR/_IOW macros do, so a
 * wrong layout shows up as a wrong ioctl number in the ABI probe too.
 */
public final class VduseH {
    private VduseH() {}

    public static final List<String> C_INCLUDES = List.of("linux/ioctl.h", "linux/vduse.h");
    public static final List<MemoryLayout> C_STRUCTS = List.of(
            VduseDevConfig.LAYOUT, VduseIotlbEntry.LAYOUT, VduseConfigData.LAYOUT, VduseVqConfig.LAYOUT,
            VduseVqStateSplit.LAYOUT, VduseVqStatePacked.LAYOUT, VduseVqInfo.LAYOUT, VduseVqEventfd.LAYOUT,
            VduseIovaUmem.LAYOUT, VduseIovaInfo.LAYOUT, VduseDevStatus.LAYOUT, VduseVqState.LAYOUT,
            VduseIovaRange.LAYOUT, VduseDevRequest.LAYOUT, VduseDevResponse.LAYOUT);

    /** The ioctl type byte of every VDUSE request. */
    public static final int VDUSE_BASE = 0x81;
    /** The API version this binding speaks (set with VDUSE_SET_API_VERSION). */
    public static final int VDUSE_API_VERSION = 0;
    /** Size of the device name field, NUL included. */
    public static final int VDUSE_NAME_MAX = 256;

    // ---- control device /dev/vduse/control ----
    public static final long VDUSE_GET_API_VERSION = IoctlH.ior(VDUSE_BASE, 0x00, JAVA_LONG.byteSize());
    public static final long VDUSE_SET_API_VERSION = IoctlH.iow(VDUSE_BASE, 0x01, JAVA_LONG.byteSize());
    public static final long VDUSE_CREATE_DEV = IoctlH.iow(VDUSE_BASE, 0x02, VduseDevConfig.SIZE);
    public static final long VDUSE_DESTROY_DEV = IoctlH.iow(VDUSE_BASE, 0x03, VDUSE_NAME_MAX);

    // ---- device /dev/vduse/NAME ----
    public static final long VDUSE_IOTLB_GET_FD = IoctlH.iowr(VDUSE_BASE, 0x10, VduseIotlbEntry.SIZE);
    public static final long VDUSE_DEV_GET_FEATURES = IoctlH.ior(VDUSE_BASE, 0x11, JAVA_LONG.byteSize());
    public static final long VDUSE_DEV_SET_CONFIG = IoctlH.iow(VDUSE_BASE, 0x12, VduseConfigData.SIZE);
    public static final long VDUSE_DEV_INJECT_CONFIG_IRQ = IoctlH.io(VDUSE_BASE, 0x13);
    public static final long VDUSE_VQ_SETUP = IoctlH.iow(VDUSE_BASE, 0x14, VduseVqConfig.SIZE);
    public static final long VDUSE_VQ_GET_INFO = IoctlH.iowr(VDUSE_BASE, 0x15, VduseVqInfo.SIZE);
    public static final long VDUSE_VQ_SETUP_KICKFD = IoctlH.iow(VDUSE_BASE, 0x16, VduseVqEventfd.SIZE);
    public static final long VDUSE_VQ_INJECT_IRQ = IoctlH.iow(VDUSE_BASE, 0x17, JAVA_INT.byteSize());
    public static final long VDUSE_IOTLB_REG_UMEM = IoctlH.iow(VDUSE_BASE, 0x18, VduseIovaUmem.SIZE);
    public static final long VDUSE_IOTLB_DEREG_UMEM = IoctlH.iow(VDUSE_BASE, 0x19, VduseIovaUmem.SIZE);
    public static final long VDUSE_IOTLB_GET_INFO = IoctlH.iowr(VDUSE_BASE, 0x1a, VduseIovaInfo.SIZE);

    /** vduse_iotlb_entry.perm. */
    public static final int VDUSE_ACCESS_RO = 0x1;
    public static final int VDUSE_ACCESS_WO = 0x2;
    public static final int VDUSE_ACCESS_RW = 0x3;

    /** vduse_vq_eventfd.fd that unbinds the kick eventfd. */
    public static final int VDUSE_EVENTFD_DEASSIGN = -1;

    /** vduse_iova_info.capability: the region can be backed by user memory (VDUSE_IOTLB_REG_UMEM). */
    public static final int VDUSE_IOVA_CAP_UMEM = 1 << 0;

    /** enum vduse_req_type: vduse_dev_request.type. */
    public static final int VDUSE_GET_VQ_STATE = 0;
    public static final int VDUSE_SET_STATUS = 1;
    public static final int VDUSE_UPDATE_IOTLB = 2;

    /** vduse_dev_response.result. */
    public static final int VDUSE_REQ_RESULT_OK = 0x00;
    public static final int VDUSE_REQ_RESULT_FAILED = 0x01;
}
