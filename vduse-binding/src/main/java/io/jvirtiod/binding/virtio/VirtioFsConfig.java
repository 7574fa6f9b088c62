package io.jvirtiod.binding.virtio;

import io.jvirtiod.binding.Packed;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

/**
 * {@code struct virtio_fs_config} (linux/virtio_fs.h, virtio 1.2 §5.11.4): the file system device's config
 * space: the tag the guest mounts by and the number of request queues. Packed in the header (40 bytes,
 * alignment 1); little-endian (x86-64 native order).
 */
public final class VirtioFsConfig {
    private VirtioFsConfig() {}

    /** Bytes of the tag field. */
    public static final int TAG_BYTES = 36;

    public static final StructLayout LAYOUT = Packed.struct(
            MemoryLayout.sequenceLayout(TAG_BYTES, JAVA_BYTE).withName("tag"), // UTF-8, NUL-padded, not NUL-terminated
            JAVA_INT.withName("num_request_queues")                           // request queues (besides hiprio)
    ).withName("struct virtio_fs_config");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_TAG = LAYOUT.byteOffset(groupElement("tag"));
    public static final long OFFSET_NUM_REQUEST_QUEUES = LAYOUT.byteOffset(groupElement("num_request_queues"));

    /** The raw tag field. */
    public static MemorySegment tag(MemorySegment s) { return s.asSlice(OFFSET_TAG, TAG_BYTES); }

    /**
     * Writes {@code tag} NUL-padded; a tag that is empty, longer than 36 bytes in UTF-8 or contains NUL is refused
     * (virtio 1.2 §5.11.4: the tag is UTF-8 padded with NULs, so an inner NUL would truncate it).
     */
    public static void tag(MemorySegment s, String tag) {
        byte[] b = tag.getBytes(StandardCharsets.UTF_8);
        if (b.length == 0 || b.length > TAG_BYTES || tag.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("virtio-fs tag \"" + tag + "\" must be 1.." + TAG_BYTES
                    + " UTF-8 bytes without NUL, is " + b.length);
        }
        MemorySegment field = tag(s);
        field.fill((byte) 0);
        MemorySegment.copy(b, 0, field, JAVA_BYTE, 0, b.length);
    }

    public static int num_request_queues(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_NUM_REQUEST_QUEUES); }
    public static void num_request_queues(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_NUM_REQUEST_QUEUES, v); }
}
