package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.util.List;

/**
 * linux/io_uring.h: what the daemon needs of io_uring to serve FUSE over io_uring (a ring of 128-byte SQEs
 * carrying IORING_OP_URING_CMD to /dev/fuse), checked against the C header by the ABI probe.
 */
public final class IoUringH {
    private IoUringH() {}

    public static final List<String> C_INCLUDES = List.of("linux/io_uring.h");
    public static final List<MemoryLayout> C_STRUCTS = List.of(IoUringParams.LAYOUT, IoUringParams.SQ_OFF,
            IoUringParams.CQ_OFF, IoUringSqe.LAYOUT, IoUringCqe.LAYOUT);

    public static final int IORING_SETUP_CQSIZE = 1 << 3;
    public static final int IORING_SETUP_COOP_TASKRUN = 1 << 8;
    public static final int IORING_SETUP_SQE128 = 1 << 10;
    public static final int IORING_SETUP_SINGLE_ISSUER = 1 << 12;
    public static final int IORING_SETUP_DEFER_TASKRUN = 1 << 13;

    public static final int IORING_OP_NOP = 0;
    public static final int IORING_OP_URING_CMD = 46;

    public static final long IORING_OFF_SQ_RING = 0L;
    public static final long IORING_OFF_CQ_RING = 0x8000000L;
    public static final long IORING_OFF_SQES = 0x10000000L;

    public static final int IORING_ENTER_GETEVENTS = 1;
    public static final int IORING_FEAT_SINGLE_MMAP = 1;
    public static final int IORING_FEAT_NODROP = 1 << 1;
}
