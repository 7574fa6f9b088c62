package io.jvirtiod.binding.vhost;

import java.lang.foreign.MemoryLayout;
import java.util.List;

/**
 * jvirtiod/vhost_user.h: the vhost-user protocol's constants (QEMU docs/interop/vhost-user.rst), over which a
 * front-end (QEMU, Cloud Hypervisor) hands a back-end (this daemon) guest memory, vrings and eventfds through a
 * UNIX socket. The spec is prose only, so the project header writes it down in C and the ABI probe holds these
 * constants and the struct classes of this package to it.
 */
public final class VhostUserH {
    private VhostUserH() {}

    public static final List<String> C_INCLUDES = List.of("jvirtiod/vhost_user.h");
    public static final List<MemoryLayout> C_STRUCTS = List.of(VhostUserHeader.LAYOUT, VhostUserVringState.LAYOUT,
            VhostUserVringAddr.LAYOUT, VhostUserMemoryRegion.LAYOUT, VhostUserMemory.LAYOUT,
            VhostUserMemorySingle.LAYOUT, VhostUserLog.LAYOUT, VhostUserInflight.LAYOUT, VhostUserConfig.LAYOUT,
            VhostUserVringArea.LAYOUT, VhostUserIotlbMsg.LAYOUT, VhostUserSharedObject.LAYOUT,
            VhostUserTransferDeviceState.LAYOUT, VhostUserPayload.LAYOUT);

    // ---- header flags ----
    /** The protocol version in flags bits 0-1; the only one defined. */
    public static final int VHOST_USER_VERSION = 0x1;
    public static final int VHOST_USER_VERSION_MASK = 0x3;
    /** Flags bit 2: the message is a reply. */
    public static final int VHOST_USER_REPLY_MASK = 0x1 << 2;
    /** Flags bit 3: the sender wants a reply even where the request has none (VHOST_USER_PROTOCOL_F_REPLY_ACK). */
    public static final int VHOST_USER_NEED_REPLY_MASK = 0x1 << 3;

    /** Virtio feature bit (in GET/SET_FEATURES) saying the back-end speaks protocol features. */
    public static final int VHOST_USER_F_PROTOCOL_FEATURES = 30;

    /** u64 payload of SET_VRING_KICK/CALL/ERR: bits 0-7 are the vring index, bit 8 says no fd was passed. */
    public static final int VHOST_USER_VRING_IDX_MASK = 0xff;
    public static final int VHOST_USER_VRING_NOFD_MASK = 0x1 << 8;

    /** Most regions (and fds) one SET_MEM_TABLE carries. */
    public static final int VHOST_MEMORY_BASELINE_NREGIONS = 8;
    /** Largest config space GET_CONFIG/SET_CONFIG carry. */
    public static final int VHOST_USER_MAX_CONFIG_SIZE = 256;

    /** vhost_user_config.flags. */
    public static final int VHOST_USER_CONFIG_FLAG_WRITABLE = 0x0;
    public static final int VHOST_USER_CONFIG_FLAG_MIGRATION = 0x1;

    /** Bit number in vhost_user_vring_addr.flags: log_guest_addr is valid. */
    public static final int VHOST_USER_VRING_F_LOG = 0;
    /** vhost_user_vring_area.u64 bit 8: no fd was passed. */
    public static final int VHOST_USER_VRING_AREA_NOFD_MASK = 0x1 << 8;

    /** vhost_user_transfer_device_state. */
    public static final int VHOST_USER_TRANSFER_STATE_DIRECTION_SAVE = 0;
    public static final int VHOST_USER_TRANSFER_STATE_DIRECTION_LOAD = 1;
    public static final int VHOST_USER_TRANSFER_STATE_PHASE_STOPPED = 0;

    // ---- protocol feature bit numbers (GET/SET_PROTOCOL_FEATURES) ----
    public static final int VHOST_USER_PROTOCOL_F_MQ = 0;
    public static final int VHOST_USER_PROTOCOL_F_LOG_SHMFD = 1;
    public static final int VHOST_USER_PROTOCOL_F_RARP = 2;
    public static final int VHOST_USER_PROTOCOL_F_REPLY_ACK = 3;
    public static final int VHOST_USER_PROTOCOL_F_NET_MTU = 4;
    public static final int VHOST_USER_PROTOCOL_F_BACKEND_REQ = 5;
    public static final int VHOST_USER_PROTOCOL_F_CROSS_ENDIAN = 6;
    public static final int VHOST_USER_PROTOCOL_F_CRYPTO_SESSION = 7;
    public static final int VHOST_USER_PROTOCOL_F_PAGEFAULT = 8;
    public static final int VHOST_USER_PROTOCOL_F_CONFIG = 9;
    public static final int VHOST_USER_PROTOCOL_F_BACKEND_SEND_FD = 10;
    public static final int VHOST_USER_PROTOCOL_F_HOST_NOTIFIER = 11;
    public static final int VHOST_USER_PROTOCOL_F_INFLIGHT_SHMFD = 12;
    public static final int VHOST_USER_PROTOCOL_F_RESET_DEVICE = 13;
    public static final int VHOST_USER_PROTOCOL_F_INBAND_NOTIFICATIONS = 14;
    public static final int VHOST_USER_PROTOCOL_F_CONFIGURE_MEM_SLOTS = 15;
    public static final int VHOST_USER_PROTOCOL_F_STATUS = 16;
    public static final int VHOST_USER_PROTOCOL_F_XEN_MMAP = 17;
    public static final int VHOST_USER_PROTOCOL_F_SHARED_OBJECT = 18;
    public static final int VHOST_USER_PROTOCOL_F_DEVICE_STATE = 19;

    // ---- front-end requests (enum vhost_user_request) ----
    public static final int VHOST_USER_NONE = 0;
    public static final int VHOST_USER_GET_FEATURES = 1;
    public static final int VHOST_USER_SET_FEATURES = 2;
    public static final int VHOST_USER_SET_OWNER = 3;
    public static final int VHOST_USER_RESET_OWNER = 4;
    public static final int VHOST_USER_SET_MEM_TABLE = 5;
    public static final int VHOST_USER_SET_LOG_BASE = 6;
    public static final int VHOST_USER_SET_LOG_FD = 7;
    public static final int VHOST_USER_SET_VRING_NUM = 8;
    public static final int VHOST_USER_SET_VRING_ADDR = 9;
    public static final int VHOST_USER_SET_VRING_BASE = 10;
    public static final int VHOST_USER_GET_VRING_BASE = 11;
    public static final int VHOST_USER_SET_VRING_KICK = 12;
    public static final int VHOST_USER_SET_VRING_CALL = 13;
    public static final int VHOST_USER_SET_VRING_ERR = 14;
    public static final int VHOST_USER_GET_PROTOCOL_FEATURES = 15;
    public static final int VHOST_USER_SET_PROTOCOL_FEATURES = 16;
    public static final int VHOST_USER_GET_QUEUE_NUM = 17;
    public static final int VHOST_USER_SET_VRING_ENABLE = 18;
    public static final int VHOST_USER_SEND_RARP = 19;
    public static final int VHOST_USER_NET_SET_MTU = 20;
    public static final int VHOST_USER_SET_BACKEND_REQ_FD = 21;
    public static final int VHOST_USER_IOTLB_MSG = 22;
    public static final int VHOST_USER_SET_VRING_ENDIAN = 23;
    public static final int VHOST_USER_GET_CONFIG = 24;
    public static final int VHOST_USER_SET_CONFIG = 25;
    public static final int VHOST_USER_CREATE_CRYPTO_SESSION = 26;
    public static final int VHOST_USER_CLOSE_CRYPTO_SESSION = 27;
    public static final int VHOST_USER_POSTCOPY_ADVISE = 28;
    public static final int VHOST_USER_POSTCOPY_LISTEN = 29;
    public static final int VHOST_USER_POSTCOPY_END = 30;
    public static final int VHOST_USER_GET_INFLIGHT_FD = 31;
    public static final int VHOST_USER_SET_INFLIGHT_FD = 32;
    public static final int VHOST_USER_GPU_SET_SOCKET = 33;
    public static final int VHOST_USER_RESET_DEVICE = 34;
    public static final int VHOST_USER_VRING_KICK = 35;
    public static final int VHOST_USER_GET_MAX_MEM_SLOTS = 36;
    public static final int VHOST_USER_ADD_MEM_REG = 37;
    public static final int VHOST_USER_REM_MEM_REG = 38;
    public static final int VHOST_USER_SET_STATUS = 39;
    public static final int VHOST_USER_GET_STATUS = 40;
    public static final int VHOST_USER_GET_SHARED_OBJECT = 41;
    public static final int VHOST_USER_SET_DEVICE_STATE_FD = 42;
    public static final int VHOST_USER_CHECK_DEVICE_STATE = 43;
    public static final int VHOST_USER_MAX = 44;

    // ---- back-end requests (enum vhost_user_backend_request), on the SET_BACKEND_REQ_FD socket ----
    public static final int VHOST_USER_BACKEND_NONE = 0;
    public static final int VHOST_USER_BACKEND_IOTLB_MSG = 1;
    public static final int VHOST_USER_BACKEND_CONFIG_CHANGE_MSG = 2;
    public static final int VHOST_USER_BACKEND_VRING_HOST_NOTIFIER_MSG = 3;
    public static final int VHOST_USER_BACKEND_VRING_CALL = 4;
    public static final int VHOST_USER_BACKEND_VRING_ERR = 5;
    public static final int VHOST_USER_BACKEND_SHARED_OBJECT_ADD = 6;
    public static final int VHOST_USER_BACKEND_SHARED_OBJECT_REMOVE = 7;
    public static final int VHOST_USER_BACKEND_SHARED_OBJECT_LOOKUP = 8;
    public static final int VHOST_USER_BACKEND_MAX = 9;

    private static final String[] REQUEST_NAMES = {
            "NONE",
            "GET_FEATURES",
            "SET_FEATURES",
            "SET_OWNER",
            "RESET_OWNER",
            "SET_MEM_TABLE",
            "SET_LOG_BASE",
            "SET_LOG_FD",
            "SET_VRING_NUM",
            "SET_VRING_ADDR",
            "SET_VRING_BASE",
            "GET_VRING_BASE",
            "SET_VRING_KICK",
            "SET_VRING_CALL",
            "SET_VRING_ERR",
            "GET_PROTOCOL_FEATURES",
            "SET_PROTOCOL_FEATURES",
            "GET_QUEUE_NUM",
            "SET_VRING_ENABLE",
            "SEND_RARP",
            "NET_SET_MTU",
            "SET_BACKEND_REQ_FD",
            "IOTLB_MSG",
            "SET_VRING_ENDIAN",
            "GET_CONFIG",
            "SET_CONFIG",
            "CREATE_CRYPTO_SESSION",
            "CLOSE_CRYPTO_SESSION",
            "POSTCOPY_ADVISE",
            "POSTCOPY_LISTEN",
            "POSTCOPY_END",
            "GET_INFLIGHT_FD",
            "SET_INFLIGHT_FD",
            "GPU_SET_SOCKET",
            "RESET_DEVICE",
            "VRING_KICK",
            "GET_MAX_MEM_SLOTS",
            "ADD_MEM_REG",
            "REM_MEM_REG",
            "SET_STATUS",
            "GET_STATUS",
            "GET_SHARED_OBJECT",
            "SET_DEVICE_STATE_FD",
            "CHECK_DEVICE_STATE"
    };

    /** The name of a front-end request, e.g. "SET_MEM_TABLE", or "request N" for an unknown one (for errors). */
    public static String requestName(int request) {
        return request >= 0 && request < REQUEST_NAMES.length ? REQUEST_NAMES[request] : "request " + Integer.toUnsignedString(request);
    }

    /** A header flags word: the version, plus the reply bit when {@code reply}. */
    public static int flags(boolean reply) {
        return VHOST_USER_VERSION | (reply ? VHOST_USER_REPLY_MASK : 0);
    }
}
