package io.jvirtiod.binding.virtio;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct vring_packed_desc_event}: a packed ring's event-suppression structure (virtio 1.2 §2.8.10);
 * the driver's one (driver area) suppresses used-buffer interrupts, the device's one (device area) kicks.
 */
public final class VringPackedDescEvent {
    private VringPackedDescEvent() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("off_wrap"), // ring offset (bits 0-14) and wrap counter (bit 15) of the event
            JAVA_SHORT.withName("flags")     // VRING_PACKED_EVENT_FLAG_*
    ).withName("struct vring_packed_desc_event");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_OFF_WRAP = LAYOUT.byteOffset(groupElement("off_wrap"));
    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
}
