/*
 * vhost-user "Inflight I/O tracking" shared-memory layout for split virtqueues.
 *
 * Source: QEMU docs/interop/vhost-user.rst, section "Inflight I/O tracking" (DescStateSplit and
 * QueueRegionSplit), as implemented by QEMU's subprojects/libvhost-user (VuDescStateSplit,
 * VuVirtqInflight). QEMU ships no installable header for it, so this one spells the same layout out.
 * Neither struct is packed in QEMU: the natural C layout is the wire layout (16-byte descriptor state,
 * 16-byte queue-region header followed by the flexible array).
 *
 * The shared buffer handed over with VHOST_USER_GET_INFLIGHT_FD / VHOST_USER_SET_INFLIGHT_FD is
 * num_queues consecutive queue regions; each region is VHOST_INFLIGHT_SPLIT_QUEUE_REGION_SIZE(queue_size)
 * bytes, i.e. the header plus queue_size descriptor states rounded up to VHOST_INFLIGHT_ALIGNMENT.
 * libvhost-user writes that as ALIGN_UP(sizeof(VuDescStateSplit) * queue_size + sizeof(uint16_t), 64):
 * 16 * n + 2 and 16 * n + 16 lie in the same 16-byte block, so both round up to the same multiple of 64.
 */
#ifndef JVIRTIOD_VHOST_INFLIGHT_H
#define JVIRTIOD_VHOST_INFLIGHT_H

#include <stddef.h>
#include <stdint.h>

/* QueueRegionSplit.version: "It's 1 currently. Zero value indicates an uninitialized buffer". */
#define VHOST_INFLIGHT_VERSION 1

/* libvhost-user INFLIGHT_ALIGNMENT: every queue region starts on a 64-byte boundary. */
#define VHOST_INFLIGHT_ALIGNMENT 64

/* DescStateSplit: the in-flight state of one descriptor-table slot (meaningful for chain heads). */
struct vhost_inflight_desc_split {
	uint8_t inflight;   /* 1 while the head was fetched from the avail ring and not yet used */
	uint8_t padding[5];
	uint16_t next;      /* link in the list of the last batch of used heads */
	uint64_t counter;   /* fetch order: the value of the backend's global counter at fetch */
};

/* QueueRegionSplit: one virtqueue's region of the shared buffer. */
struct vhost_inflight_queue_split {
	uint64_t features;          /* region feature flags; none are defined, initialized to 0 */
	uint16_t version;           /* VHOST_INFLIGHT_VERSION, 0 = uninitialized buffer */
	uint16_t desc_num;          /* number of desc[] entries = the virtqueue size */
	uint16_t last_batch_head;   /* head of the list of the last batch of used heads */
	uint16_t used_idx;          /* the used ring idx once the last batch was fully recorded */
	struct vhost_inflight_desc_split desc[];
};

/* Where desc[] starts: offsetof cannot be spelled for a flexible array member by the ABI probe otherwise. */
#define VHOST_INFLIGHT_QUEUE_SPLIT_DESC_OFFSET offsetof(struct vhost_inflight_queue_split, desc)

/* Bytes one queue region occupies in the shared buffer, for a virtqueue of n descriptors. */
#define VHOST_INFLIGHT_SPLIT_QUEUE_REGION_SIZE(n) \
	((sizeof(struct vhost_inflight_queue_split) + sizeof(struct vhost_inflight_desc_split) * (size_t)(n) \
	  + VHOST_INFLIGHT_ALIGNMENT - 1) & ~(size_t)(VHOST_INFLIGHT_ALIGNMENT - 1))

_Static_assert(sizeof(struct vhost_inflight_desc_split) == 16, "DescStateSplit is 16 bytes");
_Static_assert(sizeof(struct vhost_inflight_queue_split) == 16, "QueueRegionSplit header is 16 bytes");

#endif /* JVIRTIOD_VHOST_INFLIGHT_H */
