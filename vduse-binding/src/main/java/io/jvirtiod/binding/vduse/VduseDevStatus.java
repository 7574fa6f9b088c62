package io.jvirtiod.binding.vduse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/** {@code struct vduse_dev_status} (linux/vduse.h): the device status byte a VDUSE_SET_STATUS request carries. */
public final class VduseDevStatus {
    private VduseDevStatus() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_BYTE.withName("status")   // VIRTIO_CONFIG_S_* bits
    ).withName("struct vduse_dev_status");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_STATUS = LAYOUT.byteOffset(groupElement("status"));

    public static byte status(MemorySegment s) { return s.get(JAVA_BYTE, OFFSET_STATUS); }
    public static void status(MemorySegment s, byte v) { s.set(JAVA_BYTE, OFFSET_STATUS, v); }
}
