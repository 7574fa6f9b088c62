package io.jvirtiod.binding.virtio;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code struct vring_used_elem}: one completed chain in the split used ring (virtio 1.2 §2.7.8). */
public final class VringUsedElem {
    private VringUsedElem() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("id"),  // head index of the completed chain
            JAVA_INT.withName("len")  // bytes the device wrote into the chain's writable buffers
    ).withName("struct vring_used_elem");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_ID = LAYOUT.byteOffset(groupElement("id"));
    public static final long OFFSET_LEN = LAYOUT.byteOffset(groupElement("len"));
}
