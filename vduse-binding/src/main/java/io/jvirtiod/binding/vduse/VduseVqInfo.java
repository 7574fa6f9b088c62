package io.jvirtiod.binding.vduse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct vduse_vq_info} (linux/vduse.h): the argument of VDUSE_VQ_GET_INFO. The caller sets
 * {@code index}; the kernel fills in where the driver placed the queue (IOVAs to translate through the IOTLB),
 * its size, the state to resume from (split or packed, an anonymous union) and whether it is ready.
 */
public final class VduseVqInfo {
    private VduseVqInfo() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("index"),          // virtqueue index (in)
            JAVA_INT.withName("num"),            // queue size the driver chose
            JAVA_LONG.withName("desc_addr"),     // IOVA of the descriptor area
            JAVA_LONG.withName("driver_addr"),   // IOVA of the driver (available) area
            JAVA_LONG.withName("device_addr"),   // IOVA of the device (used) area
            MemoryLayout.unionLayout(            // anonymous union: the state by ring format
                    VduseVqStateSplit.LAYOUT.withName("split"),
                    VduseVqStatePacked.LAYOUT.withName("packed")
            ).withName("$anon0"),
            JAVA_BYTE.withName("ready"),         // non-zero once the driver enabled the queue
            MemoryLayout.paddingLayout(7)
    ).withName("struct vduse_vq_info");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_INDEX = LAYOUT.byteOffset(groupElement("index"));
    public static final long OFFSET_NUM = LAYOUT.byteOffset(groupElement("num"));
    public static final long OFFSET_DESC_ADDR = LAYOUT.byteOffset(groupElement("desc_addr"));
    public static final long OFFSET_DRIVER_ADDR = LAYOUT.byteOffset(groupElement("driver_addr"));
    public static final long OFFSET_DEVICE_ADDR = LAYOUT.byteOffset(groupElement("device_addr"));
    public static final long OFFSET_SPLIT = LAYOUT.byteOffset(groupElement("$anon0"), groupElement("split"));
    public static final long OFFSET_PACKED = LAYOUT.byteOffset(groupElement("$anon0"), groupElement("packed"));
    public static final long OFFSET_READY = LAYOUT.byteOffset(groupElement("ready"));

    public static int index(MemorySegment s) { return s.get(JAVA_INT, OFFSET_INDEX); }
    public static void index(MemorySegment s, int v) { s.set(JAVA_INT, OFFSET_INDEX, v); }
    public static int num(MemorySegment s) { return s.get(JAVA_INT, OFFSET_NUM); }
    public static long desc_addr(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_DESC_ADDR); }
    public static long driver_addr(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_DRIVER_ADDR); }
    public static long device_addr(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_DEVICE_ADDR); }
    public static byte ready(MemorySegment s) { return s.get(JAVA_BYTE, OFFSET_READY); }

    /** The split-ring state, read with {@link VduseVqStateSplit}. */
    public static MemorySegment split(MemorySegment s) { return s.asSlice(OFFSET_SPLIT, VduseVqStateSplit.SIZE); }

    /** The packed-ring state, read with {@link VduseVqStatePacked}. */
    public static MemorySegment packed(MemorySegment s) { return s.asSlice(OFFSET_PACKED, VduseVqStatePacked.SIZE); }
}
