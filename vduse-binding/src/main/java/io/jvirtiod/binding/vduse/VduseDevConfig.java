package io.jvirtiod.binding.vduse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct vduse_dev_config} (linux/vduse.h): the argument of VDUSE_CREATE_DEV, which creates
 * /dev/vduse/NAME. The device's config space follows the fixed part as a flexible array, so the ioctl
 * argument is {@link #sizeWithConfig(long)} bytes long.
 */
public final class VduseDevConfig {
    private VduseDevConfig() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(VduseH.VDUSE_NAME_MAX, JAVA_BYTE).withName("name"), // NUL-terminated
            JAVA_INT.withName("vendor_id"),                                   // virtio vendor id
            JAVA_INT.withName("device_id"),                                   // virtio device id (VIRTIO_ID_*)
            JAVA_LONG.withName("features"),                                   // offered virtio feature bits
            JAVA_INT.withName("vq_num"),                                      // number of virtqueues
            JAVA_INT.withName("vq_align"),                                    // vring metadata alignment
            MemoryLayout.sequenceLayout(13, JAVA_INT).withName("reserved"),   // must be zero
            JAVA_INT.withName("config_size"),                                 // bytes of config space
            MemoryLayout.sequenceLayout(0, JAVA_BYTE).withName("config")      // config space (flexible array)
    ).withName("struct vduse_dev_config");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_NAME = LAYOUT.byteOffset(groupElement("name"));
    public static final long OFFSET_VENDOR_ID = LAYOUT.byteOffset(groupElement("vendor_id"));
    public static final long OFFSET_DEVICE_ID = LAYOUT.byteOffset(groupElement("device_id"));
    public static final long OFFSET_FEATURES = LAYOUT.byteOffset(groupElement("features"));
    public static final long OFFSET_VQ_NUM = LAYOUT.byteOffset(groupElement("vq_num"));
    public static final long OFFSET_VQ_ALIGN = LAYOUT.byteOffset(groupElement("vq_align"));
    public static final long OFFSET_RESERVED = LAYOUT.byteOffset(groupElement("reserved"));
    public static final long OFFSET_CONFIG_SIZE = LAYOUT.byteOffset(groupElement("config_size"));
    public static final long OFFSET_CONFIG = LAYOUT.byteOffset(groupElement("config"));

    /** Bytes to allocate for the ioctl argument with a config space of {@code configSize} bytes. */
    public static long sizeWithConfig(long configSize) {
        if (configSize < 0) throw new IllegalArgumentException("config size " + configSize + " is negative");
        return OFFSET_CONFIG + configSize;
    }

    /** The name field (VDUSE_NAME_MAX bytes). */
    public static MemorySegment name(MemorySegment s) {
        return s.asSlice(OFFSET_NAME, VduseH.VDUSE_NAME_MAX);
    }

    /**
     * Writes {@code name} NUL-terminated into the name field; rejects a name that does not fit with its NUL
     * or that contains a NUL or '/', which the kernel would refuse or misread as a path.
     */
    public static void name(MemorySegment s, String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        if (b.length == 0 || b.length >= VduseH.VDUSE_NAME_MAX || name.indexOf('\0') >= 0 || name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("VDUSE device name \"" + name + "\" must be 1.."
                    + (VduseH.VDUSE_NAME_MAX - 1) + " bytes without NUL or '/'");
        }
        MemorySegment field = name(s);
        field.fill((byte) 0);
        MemorySegment.copy(b, 0, field, JAVA_BYTE, 0, b.length);
    }

    public static int vendor_id(MemorySegment s) { return s.get(JAVA_INT, OFFSET_VENDOR_ID); }
    public static void vendor_id(MemorySegment s, int v) { s.set(JAVA_INT, OFFSET_VENDOR_ID, v); }
    public static int device_id(MemorySegment s) { return s.get(JAVA_INT, OFFSET_DEVICE_ID); }
    public static void device_id(MemorySegment s, int v) { s.set(JAVA_INT, OFFSET_DEVICE_ID, v); }
    public static long features(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_FEATURES); }
    public static void features(MemorySegment s, long v) { s.set(JAVA_LONG, OFFSET_FEATURES, v); }
    public static int vq_num(MemorySegment s) { return s.get(JAVA_INT, OFFSET_VQ_NUM); }
    public static void vq_num(MemorySegment s, int v) { s.set(JAVA_INT, OFFSET_VQ_NUM, v); }
    public static int vq_align(MemorySegment s) { return s.get(JAVA_INT, OFFSET_VQ_ALIGN); }
    public static void vq_align(MemorySegment s, int v) { s.set(JAVA_INT, OFFSET_VQ_ALIGN, v); }
    public static int config_size(MemorySegment s) { return s.get(JAVA_INT, OFFSET_CONFIG_SIZE); }
    public static void config_size(MemorySegment s, int v) { s.set(JAVA_INT, OFFSET_CONFIG_SIZE, v); }

    /** The config space that follows the fixed part: {@code config_size} bytes, bounded by the segment. */
    public static MemorySegment config(MemorySegment s) {
        return s.asSlice(OFFSET_CONFIG, Integer.toUnsignedLong(config_size(s)));
    }
}
