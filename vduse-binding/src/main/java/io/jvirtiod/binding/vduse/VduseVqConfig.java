package io.jvirtiod.binding.vduse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** {@code struct vduse_vq_config} (linux/vduse.h): the argument of VDUSE_VQ_SETUP, one per virtqueue. */
public final class VduseVqConfig {
    private VduseVqConfig() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("index"),                                      // virtqueue index
            JAVA_SHORT.withName("max_size"),                                 // largest queue size offered
            MemoryLayout.sequenceLayout(13, JAVA_SHORT).withName("reserved") // must be zero
    ).withName("struct vduse_vq_config");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_INDEX = LAYOUT.byteOffset(groupElement("index"));
    public static final long OFFSET_MAX_SIZE = LAYOUT.byteOffset(groupElement("max_size"));
    public static final long OFFSET_RESERVED = LAYOUT.byteOffset(groupElement("reserved"));

    public static int index(MemorySegment s) { return s.get(JAVA_INT, OFFSET_INDEX); }
    public static void index(MemorySegment s, int v) { s.set(JAVA_INT, OFFSET_INDEX, v); }
    public static short max_size(MemorySegment s) { return s.get(JAVA_SHORT, OFFSET_MAX_SIZE); }
    public static void max_size(MemorySegment s, short v) { s.set(JAVA_SHORT, OFFSET_MAX_SIZE, v); }
}
