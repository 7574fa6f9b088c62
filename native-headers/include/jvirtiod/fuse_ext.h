/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the FUSE kernel protocol (include/uapi/linux/fuse.h) speaks up to 7.45 (Linux 6.18) and Debian 12's
 * linux-libc-dev (7.38, Linux 6.1) does not declare.
 *
 * Why: the daemon negotiates with whatever kernel it runs on (7.45 here), and the ABI probe checks the Java
 * bindings against C. Every addition is guarded so that this header also compiles against a newer system
 * fuse.h: enum members by FUSE_KERNEL_MINOR_VERSION (an enum member is not visible to #ifdef), macros by
 * #ifndef. Values and layouts are those of Linux 6.18's include/uapi/linux/fuse.h.
 *
 * Two structs changed field names after 7.38 (fuse_open_out.padding became backing_id in 7.40,
 * fuse_init_out.unused[7] became max_stack_depth, request_timeout and unused[11] in 7.40 and 7.43). Their
 * current shape is mirrored as struct jvirtiod_fuse_open_out and struct jvirtiod_fuse_init_out, with static
 * assertions that the mirror has the system struct's size and field offsets on any header version.
 */
#ifndef JVIRTIOD_FUSE_EXT_H
#define JVIRTIOD_FUSE_EXT_H

#include <stddef.h>
#include <stdint.h>
#include <linux/ioctl.h>
#include <linux/fuse.h>

/* ---- 7.38 as released late (Linux 6.4): supplementary group extension ------------------------------- */

#ifndef FUSE_CREATE_SUPP_GROUP
/* add supplementary group info to create, mkdir, symlink and mknod (single group that matches parent) */
#define FUSE_CREATE_SUPP_GROUP	(1ULL << 34)
/* extension type carrying struct fuse_supp_groups (enum fuse_ext_type) */
#define FUSE_EXT_GROUPS		32
struct fuse_supp_groups {
	uint32_t	nr_groups;
	uint32_t	groups[];
};
#endif

/* ---- 7.39 ------------------------------------------------------------------------------------------ */

#ifndef FUSE_HAS_EXPIRE_ONLY
#define FUSE_HAS_EXPIRE_ONLY	(1ULL << 35)
#endif
#ifndef FUSE_DIRECT_IO_ALLOW_MMAP
/* allow shared mmap in FOPEN_DIRECT_IO mode */
#define FUSE_DIRECT_IO_ALLOW_MMAP (1ULL << 36)
#endif

#if FUSE_KERNEL_MINOR_VERSION < 39
#define FUSE_STATX		52

struct fuse_sx_time {
	int64_t		tv_sec;
	uint32_t	tv_nsec;
	int32_t		__reserved;
};

struct fuse_statx {
	uint32_t	mask;
	uint32_t	blksize;
	uint64_t	attributes;
	uint32_t	nlink;
	uint32_t	uid;
	uint32_t	gid;
	uint16_t	mode;
	uint16_t	__spare0[1];
	uint64_t	ino;
	uint64_t	size;
	uint64_t	blocks;
	uint64_t	attributes_mask;
	struct fuse_sx_time	atime;
	struct fuse_sx_time	btime;
	struct fuse_sx_time	ctime;
	struct fuse_sx_time	mtime;
	uint32_t	rdev_major;
	uint32_t	rdev_minor;
	uint32_t	dev_major;
	uint32_t	dev_minor;
	uint64_t	__spare2[14];
};

struct fuse_statx_in {
	uint32_t	getattr_flags;
	uint32_t	reserved;
	uint64_t	fh;
	uint32_t	sx_flags;
	uint32_t	sx_mask;
};

struct fuse_statx_out {
	uint64_t	attr_valid;	/* Cache timeout for the attributes */
	uint32_t	attr_valid_nsec;
	uint32_t	flags;
	uint64_t	spare[2];
	struct fuse_statx stat;
};
#endif

/* ---- 7.40: passthrough, resend, no-export ----------------------------------------------------------- */

#ifndef FUSE_PASSTHROUGH
/* passthrough read/write io for backing files (FOPEN_PASSTHROUGH with a backing_id) */
#define FUSE_PASSTHROUGH	(1ULL << 37)
#endif
#ifndef FUSE_NO_EXPORT_SUPPORT
/* explicitly disable export support */
#define FUSE_NO_EXPORT_SUPPORT	(1ULL << 38)
#endif
#ifndef FUSE_HAS_RESEND
/* kernel supports resending pending requests; resent requests have FUSE_UNIQUE_RESEND set in unique */
#define FUSE_HAS_RESEND		(1ULL << 39)
#endif
#ifndef FOPEN_PASSTHROUGH
#define FOPEN_PASSTHROUGH	(1 << 7)
#endif
#ifndef FUSE_UNIQUE_RESEND
/* the high bit of fuse_in_header.unique marks a request the kernel resent after FUSE_NOTIFY_RESEND */
#define FUSE_UNIQUE_RESEND	(1ULL << 63)
#endif

#if FUSE_KERNEL_MINOR_VERSION < 40
#define FUSE_NOTIFY_RESEND	7

struct fuse_backing_map {
	int32_t		fd;
	uint32_t	flags;
	uint64_t	padding;
};
#endif

#ifndef FUSE_DEV_IOC_BACKING_OPEN
#define FUSE_DEV_IOC_BACKING_OPEN	_IOW(FUSE_DEV_IOC_MAGIC, 1, struct fuse_backing_map)
#endif
#ifndef FUSE_DEV_IOC_BACKING_CLOSE
#define FUSE_DEV_IOC_BACKING_CLOSE	_IOW(FUSE_DEV_IOC_MAGIC, 2, uint32_t)
#endif

/* ---- 7.41..7.45 ------------------------------------------------------------------------------------- */

#ifndef FUSE_ALLOW_IDMAP
/* the file system handles idmapped mounts (7.41) */
#define FUSE_ALLOW_IDMAP	(1ULL << 40)
#endif
#ifndef FUSE_OVER_IO_URING
/* requests over io_uring (7.42) */
#define FUSE_OVER_IO_URING	(1ULL << 41)
#endif
#ifndef FUSE_URING_IN_OUT_HEADER_SZ
#define FUSE_URING_IN_OUT_HEADER_SZ	128
#define FUSE_URING_OP_IN_OUT_SZ		128

/* written by the kernel with a request, by the daemon with its reply (7.42) */
struct fuse_uring_ent_in_out {
	uint64_t flags;
	uint64_t commit_id;	/* the request's unique; the daemon commits with it */
	uint32_t payload_sz;	/* bytes used in the payload buffer */
	uint32_t padding;
	uint64_t reserved;
};

/* the header buffer (iov[0]) of one ring entry */
struct fuse_uring_req_header {
	char in_out[FUSE_URING_IN_OUT_HEADER_SZ];	/* fuse_in_header, then fuse_out_header */
	char op_in[FUSE_URING_OP_IN_OUT_SZ];		/* the per-opcode in struct */
	struct fuse_uring_ent_in_out ring_ent_in_out;
};

/* IORING_OP_URING_CMD command codes on /dev/fuse (sqe->cmd_op) */
enum fuse_uring_cmd {
	FUSE_IO_URING_CMD_INVALID = 0,
	FUSE_IO_URING_CMD_REGISTER = 1,		/* hand one entry's buffers to a queue */
	FUSE_IO_URING_CMD_COMMIT_AND_FETCH = 2,	/* reply, and wait for the next request */
};

/* the command area (sqe->cmd, needs IORING_SETUP_SQE128) */
struct fuse_uring_cmd_req {
	uint64_t flags;
	uint64_t commit_id;
	uint16_t qid;
	uint8_t padding[6];
};
#endif
#ifndef FUSE_REQUEST_TIMEOUT
/* fuse_init_out.request_timeout holds a timeout in seconds for every request (7.43) */
#define FUSE_REQUEST_TIMEOUT	(1ULL << 42)
#endif

#if FUSE_KERNEL_MINOR_VERSION < 44
#define FUSE_NOTIFY_INC_EPOCH	8
#endif

#if FUSE_KERNEL_MINOR_VERSION < 45
#define FUSE_COPY_FILE_RANGE_64	53
#define FUSE_NOTIFY_PRUNE	9

struct fuse_copy_file_range_out {
	uint64_t	bytes_copied;
};

struct fuse_notify_prune_out {
	uint32_t	count;
	uint32_t	padding;
	uint64_t	spare;
};
#endif

/* ---- current shapes of structs whose field names changed after 7.38 ---------------------------------- */

/* struct fuse_open_out as of 7.40 (backing_id was padding before) */
struct jvirtiod_fuse_open_out {
	uint64_t	fh;
	uint32_t	open_flags;
	int32_t		backing_id;
};

/* struct fuse_init_out as of 7.43 (max_stack_depth and request_timeout were unused[] before) */
struct jvirtiod_fuse_init_out {
	uint32_t	major;
	uint32_t	minor;
	uint32_t	max_readahead;
	uint32_t	flags;
	uint16_t	max_background;
	uint16_t	congestion_threshold;
	uint32_t	max_write;
	uint32_t	time_gran;
	uint16_t	max_pages;
	uint16_t	map_alignment;
	uint32_t	flags2;
	uint32_t	max_stack_depth;
	uint16_t	request_timeout;
	uint16_t	unused[11];
};

_Static_assert(sizeof(struct jvirtiod_fuse_open_out) == sizeof(struct fuse_open_out),
	       "jvirtiod_fuse_open_out must have the size of fuse_open_out");
_Static_assert(offsetof(struct jvirtiod_fuse_open_out, open_flags) == offsetof(struct fuse_open_out, open_flags),
	       "open_flags offset");
_Static_assert(sizeof(struct jvirtiod_fuse_init_out) == sizeof(struct fuse_init_out),
	       "jvirtiod_fuse_init_out must have the size of fuse_init_out");
_Static_assert(offsetof(struct jvirtiod_fuse_init_out, flags2) == offsetof(struct fuse_init_out, flags2),
	       "flags2 offset");
#if FUSE_KERNEL_MINOR_VERSION < 40
_Static_assert(offsetof(struct jvirtiod_fuse_open_out, backing_id) == offsetof(struct fuse_open_out, padding),
	       "backing_id sits where 7.38 has padding");
_Static_assert(offsetof(struct jvirtiod_fuse_init_out, max_stack_depth) == offsetof(struct fuse_init_out, unused),
	       "max_stack_depth sits where 7.38 has unused[0]");
#else
_Static_assert(offsetof(struct jvirtiod_fuse_open_out, backing_id) == offsetof(struct fuse_open_out, backing_id),
	       "backing_id offset");
_Static_assert(offsetof(struct jvirtiod_fuse_init_out, max_stack_depth)
	       == offsetof(struct fuse_init_out, max_stack_depth), "max_stack_depth offset");
#endif
#if FUSE_KERNEL_MINOR_VERSION >= 43
_Static_assert(offsetof(struct jvirtiod_fuse_init_out, request_timeout)
	       == offsetof(struct fuse_init_out, request_timeout), "request_timeout offset");
#endif

#endif /* JVIRTIOD_FUSE_EXT_H */
