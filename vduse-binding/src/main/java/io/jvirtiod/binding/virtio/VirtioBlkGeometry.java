package io.jvirtiod.binding.virtio;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * {@code struct virtio_blk_geometry} (linux/virtio_blk.h): the legacy disk geometry inside virtio_blk_config
 * (VIRTIO_BLK_F_GEOMETRY). Little-endian fields; x86-64 native order.
 */
public final class VirtioBlkGeometry {
    private VirtioBlkGeometry() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("cylinders"),
            JAVA_BYTE.withName("heads"),
            JAVA_BYTE.withName("sectors")
    ).withName("struct virtio_blk_geometry");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_CYLINDERS = LAYOUT.byteOffset(groupElement("cylinders"));
    public static final long OFFSET_HEADS = LAYOUT.byteOffset(groupElement("heads"));
    public static final long OFFSET_SECTORS = LAYOUT.byteOffset(groupElement("sectors"));

    // unaligned accessors: the geometry sits inside the packed virtio_blk_config
    public static short cylinders(MemorySegment s) { return s.get(JAVA_SHORT_UNALIGNED, OFFSET_CYLINDERS); }
    public static void cylinders(MemorySegment s, short v) { s.set(JAVA_SHORT_UNALIGNED, OFFSET_CYLINDERS, v); }
    public static byte heads(MemorySegment s) { return s.get(JAVA_BYTE, OFFSET_HEADS); }
    public static void heads(MemorySegment s, byte v) { s.set(JAVA_BYTE, OFFSET_HEADS, v); }
    public static byte sectors(MemorySegment s) { return s.get(JAVA_BYTE, OFFSET_SECTORS); }
    public static void sectors(MemorySegment s, byte v) { s.set(JAVA_BYTE, OFFSET_SECTORS, v); }
}
