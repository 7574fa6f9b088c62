package io.jvirtiod.binding.vhost;

import io.jvirtiod.binding.Packed;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * {@code struct vhost_user_inflight} (jvirtiod/vhost_user.h): "inflight description" of GET_INFLIGHT_FD
 * and SET_INFLIGHT_FD: where the in-flight region lies in the fd sent with it, for how many queues of what size.
 * 24 bytes on the wire (tail padding as QEMU and libvhost-user send it).
 */
public final class VhostUserInflight {
    private VhostUserInflight() {}

    public static final StructLayout LAYOUT = Packed.struct(
            JAVA_LONG.withName("mmap_size"),                 // bytes of the region
            JAVA_LONG.withName("mmap_offset"),               // offset in the fd
            JAVA_SHORT.withName("num_queues"),               // queues described
            JAVA_SHORT.withName("queue_size"),               // descriptors per queue
            JAVA_INT.withName("padding")
    ).withName("struct vhost_user_inflight");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_MMAP_SIZE = LAYOUT.byteOffset(groupElement("mmap_size"));
    public static final long OFFSET_MMAP_OFFSET = LAYOUT.byteOffset(groupElement("mmap_offset"));
    public static final long OFFSET_NUM_QUEUES = LAYOUT.byteOffset(groupElement("num_queues"));
    public static final long OFFSET_QUEUE_SIZE = LAYOUT.byteOffset(groupElement("queue_size"));
    public static final long OFFSET_PADDING = LAYOUT.byteOffset(groupElement("padding"));

    public static long mmap_size(MemorySegment s) { return s.get(JAVA_LONG_UNALIGNED, OFFSET_MMAP_SIZE); }
    public static void mmap_size(MemorySegment s, long v) { s.set(JAVA_LONG_UNALIGNED, OFFSET_MMAP_SIZE, v); }
    public static long mmap_offset(MemorySegment s) { return s.get(JAVA_LONG_UNALIGNED, OFFSET_MMAP_OFFSET); }
    public static void mmap_offset(MemorySegment s, long v) { s.set(JAVA_LONG_UNALIGNED, OFFSET_MMAP_OFFSET, v); }
    public static short num_queues(MemorySegment s) { return s.get(JAVA_SHORT_UNALIGNED, OFFSET_NUM_QUEUES); }
    public static void num_queues(MemorySegment s, short v) { s.set(JAVA_SHORT_UNALIGNED, OFFSET_NUM_QUEUES, v); }
    public static short queue_size(MemorySegment s) { return s.get(JAVA_SHORT_UNALIGNED, OFFSET_QUEUE_SIZE); }
    public static void queue_size(MemorySegment s, short v) { s.set(JAVA_SHORT_UNALIGNED, OFFSET_QUEUE_SIZE, v); }
}
