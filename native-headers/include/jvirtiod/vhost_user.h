/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The vhost-user protocol's messages as C structs. The protocol is specified in prose only (QEMU's
 * docs/interop/vhost-user.rst, "Message specification" and "Front-end message types"), so this header writes
 * down the wire layout jvirtiod speaks; the Java bindings in io.jvirtiod.binding.vhost are checked against it.
 *
 * A message is a 12-byte header followed by `size` bytes of payload, all little-endian (x86-64 native order).
 * The header is not 8-aligned, so every struct here is packed and read from wherever it lies. Payloads are
 * laid out exactly as QEMU and libvhost-user send them: where their C structs have natural tail padding
 * (the inflight description, the IOTLB message), the padding is spelled out so the sizes agree on the wire.
 *
 * Deliberately not here: the in-flight region layout (owned by the in-flight log binding).
 */
#ifndef JVIRTIOD_VHOST_USER_H
#define JVIRTIOD_VHOST_USER_H

#include <linux/types.h>

/* ---- header flags ---- */
#define VHOST_USER_VERSION          0x1         /* the only protocol version */
#define VHOST_USER_VERSION_MASK     0x3         /* flags bits 0-1: version */
#define VHOST_USER_REPLY_MASK       (0x1 << 2)  /* flags bit 2: this message is a reply */
#define VHOST_USER_NEED_REPLY_MASK  (0x1 << 3)  /* flags bit 3: sender wants a reply (REPLY_ACK) */

/* Virtio feature bit (GET/SET_FEATURES) saying the back-end speaks protocol features. */
#define VHOST_USER_F_PROTOCOL_FEATURES 30

/* u64 payload of SET_VRING_KICK/CALL/ERR: bits 0-7 vring index; bit 8 set when no fd is passed. */
#define VHOST_USER_VRING_IDX_MASK   0xff
#define VHOST_USER_VRING_NOFD_MASK  (0x1 << 8)

/* Most regions (and so fds) one SET_MEM_TABLE carries (QEMU's VHOST_MEMORY_BASELINE_NREGIONS). */
#define VHOST_MEMORY_BASELINE_NREGIONS 8
/* Largest config space GET_CONFIG/SET_CONFIG carry. */
#define VHOST_USER_MAX_CONFIG_SIZE 256

/* vhost_user_config.flags */
#define VHOST_USER_CONFIG_FLAG_WRITABLE  0x0   /* front-end writes writable fields */
#define VHOST_USER_CONFIG_FLAG_MIGRATION 0x1   /* front-end restores config during live migration */

/* vhost_user_vring_addr.flags bit (same as the kernel's VHOST_VRING_F_LOG) */
#define VHOST_USER_VRING_F_LOG 0

/* vhost_user_vring_area.u64 (VRING_HOST_NOTIFIER_MSG): bits 0-7 index; bit 8 no fd */
#define VHOST_USER_VRING_AREA_NOFD_MASK (0x1 << 8)

/* SET_DEVICE_STATE_FD transfer direction and migration phase */
#define VHOST_USER_TRANSFER_STATE_DIRECTION_SAVE 0
#define VHOST_USER_TRANSFER_STATE_DIRECTION_LOAD 1
#define VHOST_USER_TRANSFER_STATE_PHASE_STOPPED  0

/* ---- protocol feature bits (GET/SET_PROTOCOL_FEATURES) ---- */
enum vhost_user_protocol_feature {
	VHOST_USER_PROTOCOL_F_MQ = 0,
	VHOST_USER_PROTOCOL_F_LOG_SHMFD = 1,
	VHOST_USER_PROTOCOL_F_RARP = 2,
	VHOST_USER_PROTOCOL_F_REPLY_ACK = 3,
	VHOST_USER_PROTOCOL_F_NET_MTU = 4,
	VHOST_USER_PROTOCOL_F_BACKEND_REQ = 5,
	VHOST_USER_PROTOCOL_F_CROSS_ENDIAN = 6,
	VHOST_USER_PROTOCOL_F_CRYPTO_SESSION = 7,
	VHOST_USER_PROTOCOL_F_PAGEFAULT = 8,
	VHOST_USER_PROTOCOL_F_CONFIG = 9,
	VHOST_USER_PROTOCOL_F_BACKEND_SEND_FD = 10,
	VHOST_USER_PROTOCOL_F_HOST_NOTIFIER = 11,
	VHOST_USER_PROTOCOL_F_INFLIGHT_SHMFD = 12,
	VHOST_USER_PROTOCOL_F_RESET_DEVICE = 13,
	VHOST_USER_PROTOCOL_F_INBAND_NOTIFICATIONS = 14,
	VHOST_USER_PROTOCOL_F_CONFIGURE_MEM_SLOTS = 15,
	VHOST_USER_PROTOCOL_F_STATUS = 16,
	VHOST_USER_PROTOCOL_F_XEN_MMAP = 17,
	VHOST_USER_PROTOCOL_F_SHARED_OBJECT = 18,
	VHOST_USER_PROTOCOL_F_DEVICE_STATE = 19,
};

/* ---- front-end requests (front-end -> back-end socket) ---- */
enum vhost_user_request {
	VHOST_USER_NONE = 0,
	VHOST_USER_GET_FEATURES = 1,
	VHOST_USER_SET_FEATURES = 2,
	VHOST_USER_SET_OWNER = 3,
	VHOST_USER_RESET_OWNER = 4,
	VHOST_USER_SET_MEM_TABLE = 5,
	VHOST_USER_SET_LOG_BASE = 6,
	VHOST_USER_SET_LOG_FD = 7,
	VHOST_USER_SET_VRING_NUM = 8,
	VHOST_USER_SET_VRING_ADDR = 9,
	VHOST_USER_SET_VRING_BASE = 10,
	VHOST_USER_GET_VRING_BASE = 11,
	VHOST_USER_SET_VRING_KICK = 12,
	VHOST_USER_SET_VRING_CALL = 13,
	VHOST_USER_SET_VRING_ERR = 14,
	VHOST_USER_GET_PROTOCOL_FEATURES = 15,
	VHOST_USER_SET_PROTOCOL_FEATURES = 16,
	VHOST_USER_GET_QUEUE_NUM = 17,
	VHOST_USER_SET_VRING_ENABLE = 18,
	VHOST_USER_SEND_RARP = 19,
	VHOST_USER_NET_SET_MTU = 20,
	VHOST_USER_SET_BACKEND_REQ_FD = 21,
	VHOST_USER_IOTLB_MSG = 22,
	VHOST_USER_SET_VRING_ENDIAN = 23,
	VHOST_USER_GET_CONFIG = 24,
	VHOST_USER_SET_CONFIG = 25,
	VHOST_USER_CREATE_CRYPTO_SESSION = 26,
	VHOST_USER_CLOSE_CRYPTO_SESSION = 27,
	VHOST_USER_POSTCOPY_ADVISE = 28,
	VHOST_USER_POSTCOPY_LISTEN = 29,
	VHOST_USER_POSTCOPY_END = 30,
	VHOST_USER_GET_INFLIGHT_FD = 31,
	VHOST_USER_SET_INFLIGHT_FD = 32,
	VHOST_USER_GPU_SET_SOCKET = 33,
	VHOST_USER_RESET_DEVICE = 34,
	VHOST_USER_VRING_KICK = 35,
	VHOST_USER_GET_MAX_MEM_SLOTS = 36,
	VHOST_USER_ADD_MEM_REG = 37,
	VHOST_USER_REM_MEM_REG = 38,
	VHOST_USER_SET_STATUS = 39,
	VHOST_USER_GET_STATUS = 40,
	VHOST_USER_GET_SHARED_OBJECT = 41,
	VHOST_USER_SET_DEVICE_STATE_FD = 42,
	VHOST_USER_CHECK_DEVICE_STATE = 43,
	VHOST_USER_MAX
};

/* ---- back-end requests (back-end -> front-end, on the SET_BACKEND_REQ_FD socket) ---- */
enum vhost_user_backend_request {
	VHOST_USER_BACKEND_NONE = 0,
	VHOST_USER_BACKEND_IOTLB_MSG = 1,
	VHOST_USER_BACKEND_CONFIG_CHANGE_MSG = 2,
	VHOST_USER_BACKEND_VRING_HOST_NOTIFIER_MSG = 3,
	VHOST_USER_BACKEND_VRING_CALL = 4,
	VHOST_USER_BACKEND_VRING_ERR = 5,
	VHOST_USER_BACKEND_SHARED_OBJECT_ADD = 6,
	VHOST_USER_BACKEND_SHARED_OBJECT_REMOVE = 7,
	VHOST_USER_BACKEND_SHARED_OBJECT_LOOKUP = 8,
	VHOST_USER_BACKEND_MAX
};

/* Every message starts with this header; `size` bytes of payload follow. */
struct vhost_user_header {
	__u32 request;   /* enum vhost_user_request or enum vhost_user_backend_request */
	__u32 flags;     /* VHOST_USER_VERSION | VHOST_USER_REPLY_MASK | VHOST_USER_NEED_REPLY_MASK */
	__u32 size;      /* payload bytes that follow */
} __attribute__((packed));

/* "A vring state description": SET_VRING_NUM, SET/GET_VRING_BASE, SET_VRING_ENABLE, SET_VRING_ENDIAN. */
struct vhost_user_vring_state {
	__u32 index;
	__u32 num;
} __attribute__((packed));

/* "A vring address description": SET_VRING_ADDR (addresses in the front-end's user address space). */
struct vhost_user_vring_addr {
	__u32 index;
	__u32 flags;               /* bit VHOST_USER_VRING_F_LOG: log_guest_addr is valid */
	__u64 desc_user_addr;
	__u64 used_user_addr;
	__u64 avail_user_addr;
	__u64 log_guest_addr;
} __attribute__((packed));

/* "Memory region description". */
struct vhost_user_memory_region {
	__u64 guest_phys_addr;
	__u64 memory_size;
	__u64 userspace_addr;      /* front-end's virtual address of the region */
	__u64 mmap_offset;         /* offset of the region in the fd passed with it */
} __attribute__((packed));

/* "Multiple memory regions description": SET_MEM_TABLE, one fd per region. */
struct vhost_user_memory {
	__u32 nregions;
	__u32 padding;
	struct vhost_user_memory_region regions[VHOST_MEMORY_BASELINE_NREGIONS];
} __attribute__((packed));

/* "Single memory region description": ADD_MEM_REG / REM_MEM_REG. */
struct vhost_user_memory_single {
	__u64 padding;
	struct vhost_user_memory_region region;
} __attribute__((packed));

/* "Log description": SET_LOG_BASE (with the log fd). */
struct vhost_user_log {
	__u64 mmap_size;
	__u64 mmap_offset;
} __attribute__((packed));

/* "Inflight description": GET_INFLIGHT_FD / SET_INFLIGHT_FD (with the shared-memory fd). 24 bytes on the
 * wire: QEMU and libvhost-user send sizeof of their unpacked struct, tail padding included. */
struct vhost_user_inflight {
	__u64 mmap_size;
	__u64 mmap_offset;
	__u16 num_queues;
	__u16 queue_size;
	__u32 padding;
} __attribute__((packed));

/* "Virtio device config space": GET_CONFIG / SET_CONFIG. */
struct vhost_user_config {
	__u32 offset;
	__u32 size;
	__u32 flags;               /* VHOST_USER_CONFIG_FLAG_* */
	__u8 region[VHOST_USER_MAX_CONFIG_SIZE];
} __attribute__((packed));

/* "Vring area description": the back-end's VRING_HOST_NOTIFIER_MSG. */
struct vhost_user_vring_area {
	__u64 u64;                 /* bits 0-7 vring index; VHOST_USER_VRING_AREA_NOFD_MASK */
	__u64 size;
	__u64 offset;
} __attribute__((packed));

/* "IOTLB message": IOTLB_MSG in both directions; the kernel's struct vhost_iotlb_msg (32 bytes with padding). */
struct vhost_user_iotlb_msg {
	__u64 iova;
	__u64 size;
	__u64 uaddr;
	__u8 perm;                 /* VHOST_ACCESS_RO/WO/RW */
	__u8 type;                 /* VHOST_IOTLB_MISS/UPDATE/INVALIDATE/ACCESS_FAIL */
	__u8 padding[6];
} __attribute__((packed));

/* "Virtio Shared Object": a UUID (GET_SHARED_OBJECT, SHARED_OBJECT_ADD/REMOVE/LOOKUP). */
struct vhost_user_shared_object {
	__u8 uuid[16];
} __attribute__((packed));

/* "Device state transfer parameters": SET_DEVICE_STATE_FD. */
struct vhost_user_transfer_device_state {
	__u32 direction;           /* VHOST_USER_TRANSFER_STATE_DIRECTION_* */
	__u32 phase;               /* VHOST_USER_TRANSFER_STATE_PHASE_* */
} __attribute__((packed));

/* Every payload; its size bounds the payload a receiver accepts. */
union vhost_user_payload {
	__u64 u64;                 /* features, log size, kick/call/err index, status, ... */
	struct vhost_user_vring_state state;
	struct vhost_user_vring_addr addr;
	struct vhost_user_memory memory;
	struct vhost_user_memory_single mem_reg;
	struct vhost_user_log log;
	struct vhost_user_iotlb_msg iotlb;
	struct vhost_user_config config;
	struct vhost_user_vring_area area;
	struct vhost_user_inflight inflight;
	struct vhost_user_shared_object object;
	struct vhost_user_transfer_device_state transfer_state;
} __attribute__((packed));

#endif /* JVIRTIOD_VHOST_USER_H */
