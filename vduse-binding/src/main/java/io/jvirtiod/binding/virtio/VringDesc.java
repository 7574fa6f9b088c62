package io.jvirtiod.binding.virtio;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** {@code struct vring_desc}: one entry of a split descriptor table or of an indirect table (virtio 1.2 §2.7.5). */
public final class VringDesc {
    private VringDesc() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("addr"),   // guest-physical (or IOVA) address of the buffer
            JAVA_INT.withName("len"),     // buffer length in bytes
            JAVA_SHORT.withName("flags"), // VRING_DESC_F_*
            JAVA_SHORT.withName("next")   // index of the next descriptor when VRING_DESC_F_NEXT is set
    ).withName("struct vring_desc");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_ADDR = LAYOUT.byteOffset(groupElement("addr"));
    public static final long OFFSET_LEN = LAYOUT.byteOffset(groupElement("len"));
    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long OFFSET_NEXT = LAYOUT.byteOffset(groupElement("next"));
}
