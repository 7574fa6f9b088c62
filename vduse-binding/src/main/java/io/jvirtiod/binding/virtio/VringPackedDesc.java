package io.jvirtiod.binding.virtio;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** {@code struct vring_packed_desc}: one slot of a packed descriptor ring or indirect table (virtio 1.2 §2.8.13). */
public final class VringPackedDesc {
    private VringPackedDesc() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("addr"),   // buffer address
            JAVA_INT.withName("len"),     // buffer length (in a used descriptor: bytes written)
            JAVA_SHORT.withName("id"),    // buffer id, returned by the device in the used descriptor
            JAVA_SHORT.withName("flags")  // VRING_DESC_F_* and the AVAIL/USED bits
    ).withName("struct vring_packed_desc");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_ADDR = LAYOUT.byteOffset(groupElement("addr"));
    public static final long OFFSET_LEN = LAYOUT.byteOffset(groupElement("len"));
    public static final long OFFSET_ID = LAYOUT.byteOffset(groupElement("id"));
    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
}
