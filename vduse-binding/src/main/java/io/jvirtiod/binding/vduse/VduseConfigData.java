package io.jvirtiod.binding.vduse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code struct vduse_config_data} (linux/vduse.h): the argument of VDUSE_DEV_SET_CONFIG, which rewrites
 * {@code length} bytes of the device config space at {@code offset} from the trailing buffer.
 */
public final class VduseConfigData {
    private VduseConfigData() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("offset"),                                  // offset into config space
            JAVA_INT.withName("length"),                                  // bytes to write
            MemoryLayout.sequenceLayout(0, JAVA_BYTE).withName("buffer")  // the bytes (flexible array)
    ).withName("struct vduse_config_data");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_OFFSET = LAYOUT.byteOffset(groupElement("offset"));
    public static final long OFFSET_LENGTH = LAYOUT.byteOffset(groupElement("length"));
    public static final long OFFSET_BUFFER = LAYOUT.byteOffset(groupElement("buffer"));

    /** Bytes to allocate for an update of {@code length} bytes. */
    public static long sizeWithBuffer(long length) {
        if (length < 0) throw new IllegalArgumentException("config update length " + length + " is negative");
        return OFFSET_BUFFER + length;
    }

    public static int offset(MemorySegment s) { return s.get(JAVA_INT, OFFSET_OFFSET); }
    public static void offset(MemorySegment s, int v) { s.set(JAVA_INT, OFFSET_OFFSET, v); }
    public static int length(MemorySegment s) { return s.get(JAVA_INT, OFFSET_LENGTH); }
    public static void length(MemorySegment s, int v) { s.set(JAVA_INT, OFFSET_LENGTH, v); }

    /** The trailing buffer: {@code length} bytes, bounded by the segment. */
    public static MemorySegment buffer(MemorySegment s) {
        return s.asSlice(OFFSET_BUFFER, Integer.toUnsignedLong(length(s)));
    }
}
