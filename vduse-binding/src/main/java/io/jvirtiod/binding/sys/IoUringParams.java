package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct io_uring_params} with its {@code io_sqring_offsets} and {@code io_cqring_offsets}: what
 * io_uring_setup(2) is asked for and answers, above all where head, tail, mask and entries of each ring lie in
 * the mapped ring memory.
 */
public final class IoUringParams {
    private IoUringParams() {}

    public static final StructLayout SQ_OFF = MemoryLayout.structLayout(
            JAVA_INT.withName("head"),          // consumer index (kernel)
            JAVA_INT.withName("tail"),          // producer index (daemon)
            JAVA_INT.withName("ring_mask"),
            JAVA_INT.withName("ring_entries"),
            JAVA_INT.withName("flags"),         // IORING_SQ_* (need wakeup, CQ overflow, task run)
            JAVA_INT.withName("dropped"),       // invalid SQEs the kernel skipped
            JAVA_INT.withName("array"),         // index array: slot -> SQE index
            JAVA_INT.withName("resv1"),
            JAVA_LONG.withName("resv2")
    ).withName("struct io_sqring_offsets");

    public static final StructLayout CQ_OFF = MemoryLayout.structLayout(
            JAVA_INT.withName("head"),          // consumer index (daemon)
            JAVA_INT.withName("tail"),          // producer index (kernel)
            JAVA_INT.withName("ring_mask"),
            JAVA_INT.withName("ring_entries"),
            JAVA_INT.withName("overflow"),      // completions lost (never with IORING_FEAT_NODROP)
            JAVA_INT.withName("cqes"),          // the CQE array
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("resv1"),
            JAVA_LONG.withName("resv2")
    ).withName("struct io_cqring_offsets");

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("sq_entries"),     // out: SQ slots
            JAVA_INT.withName("cq_entries"),     // in with IORING_SETUP_CQSIZE, out: CQ slots
            JAVA_INT.withName("flags"),          // IORING_SETUP_*
            JAVA_INT.withName("sq_thread_cpu"),
            JAVA_INT.withName("sq_thread_idle"),
            JAVA_INT.withName("features"),       // out: IORING_FEAT_*
            JAVA_INT.withName("wq_fd"),
            MemoryLayout.sequenceLayout(3, JAVA_INT).withName("resv"),
            SQ_OFF.withName("sq_off"),
            CQ_OFF.withName("cq_off")
    ).withName("struct io_uring_params");

    public static final long OFFSET_SQ_ENTRIES = LAYOUT.byteOffset(groupElement("sq_entries"));
    public static final long OFFSET_CQ_ENTRIES = LAYOUT.byteOffset(groupElement("cq_entries"));
    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long OFFSET_FEATURES = LAYOUT.byteOffset(groupElement("features"));
    public static final long OFFSET_SQ_OFF = LAYOUT.byteOffset(groupElement("sq_off"));
    public static final long OFFSET_CQ_OFF = LAYOUT.byteOffset(groupElement("cq_off"));

    public static final long SQ_HEAD = SQ_OFF.byteOffset(groupElement("head"));
    public static final long SQ_TAIL = SQ_OFF.byteOffset(groupElement("tail"));
    public static final long SQ_RING_MASK = SQ_OFF.byteOffset(groupElement("ring_mask"));
    public static final long SQ_RING_ENTRIES = SQ_OFF.byteOffset(groupElement("ring_entries"));
    public static final long SQ_ARRAY = SQ_OFF.byteOffset(groupElement("array"));

    public static final long CQ_HEAD = CQ_OFF.byteOffset(groupElement("head"));
    public static final long CQ_TAIL = CQ_OFF.byteOffset(groupElement("tail"));
    public static final long CQ_RING_MASK = CQ_OFF.byteOffset(groupElement("ring_mask"));
    public static final long CQ_RING_ENTRIES = CQ_OFF.byteOffset(groupElement("ring_entries"));
    public static final long CQ_CQES = CQ_OFF.byteOffset(groupElement("cqes"));
}
