package io.jvirtiod.binding.virtio;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct vring_avail}: the split ring's driver area (virtio 1.2 §2.7.6). The flexible member
 * {@code __virtio16 ring[]} holds {@code num} heads and is followed by {@code used_event}; C cannot take the
 * sizeof of a flexible array member, so LAYOUT holds the fixed part and the ring starts at its end.
 */
public final class VringAvail {
    private VringAvail() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("flags"), // VRING_AVAIL_F_NO_INTERRUPT
            JAVA_SHORT.withName("idx")    // free-running index of the next ring slot the driver will fill
    ).withName("struct vring_avail");

    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long OFFSET_IDX = LAYOUT.byteOffset(groupElement("idx"));
    /** {@code ring[]}: the flexible array starts right after the fixed part. */
    public static final long OFFSET_RING = LAYOUT.byteSize();
    /** One {@code ring[]} element: a descriptor head index. */
    public static final ValueLayout RING_ELEMENT = JAVA_SHORT;

    /** Offset of {@code ring[i]}. */
    public static long offsetOfRing(int i) {
        return OFFSET_RING + (long) i * RING_ELEMENT.byteSize();
    }

    /** Offset of {@code used_event} (VIRTIO_RING_F_EVENT_IDX), the element after {@code ring[num-1]}. */
    public static long offsetOfUsedEvent(int num) {
        return offsetOfRing(num);
    }

    /** Bytes of the driver area for a ring of {@code num} entries, used_event included. */
    public static long sizeOf(int num) {
        return offsetOfRing(num + 1);
    }
}
