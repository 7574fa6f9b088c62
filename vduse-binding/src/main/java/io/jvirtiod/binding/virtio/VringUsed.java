package io.jvirtiod.binding.virtio;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct vring_used}: the split ring's device area (virtio 1.2 §2.7.8). The flexible member
 * {@code vring_used_elem_t ring[]} holds {@code num} elements and is followed by {@code avail_event}; LAYOUT
 * holds the fixed part (C cannot take the sizeof of a flexible array member) and the ring starts at its end.
 */
public final class VringUsed {
    private VringUsed() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("flags"), // VRING_USED_F_NO_NOTIFY
            JAVA_SHORT.withName("idx")    // free-running index of the next ring slot the device will fill
    ).withByteAlignment(4) // the flexible ring[] of 4-aligned vring_used_elem_t raises the struct's alignment
            .withName("struct vring_used");

    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long OFFSET_IDX = LAYOUT.byteOffset(groupElement("idx"));
    /** {@code ring[]}: the flexible array of {@link VringUsedElem} starts right after the fixed part. */
    public static final long OFFSET_RING = LAYOUT.byteSize();

    /** Offset of {@code ring[i]}. */
    public static long offsetOfRing(int i) {
        return OFFSET_RING + (long) i * VringUsedElem.SIZE;
    }

    /** Offset of {@code avail_event} (VIRTIO_RING_F_EVENT_IDX), the 16-bit word after {@code ring[num-1]}. */
    public static long offsetOfAvailEvent(int num) {
        return offsetOfRing(num);
    }

    /** Bytes of the device area for a ring of {@code num} entries, avail_event included. */
    public static long sizeOf(int num) {
        return offsetOfRing(num) + JAVA_SHORT.byteSize();
    }
}
