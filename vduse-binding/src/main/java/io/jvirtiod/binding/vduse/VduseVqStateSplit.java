package io.jvirtiod.binding.vduse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct vduse_vq_state_split} (linux/vduse.h): where a split virtqueue resumes, i.e. the next
 * available-ring index the device will read (reported on VDUSE_GET_VQ_STATE, read by VDUSE_VQ_GET_INFO).
 */
public final class VduseVqStateSplit {
    private VduseVqStateSplit() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("avail_index")   // next available-ring index to consume
    ).withName("struct vduse_vq_state_split");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_AVAIL_INDEX = LAYOUT.byteOffset(groupElement("avail_index"));

    public static short avail_index(MemorySegment s) { return s.get(JAVA_SHORT, OFFSET_AVAIL_INDEX); }
    public static void avail_index(MemorySegment s, short v) { s.set(JAVA_SHORT, OFFSET_AVAIL_INDEX, v); }
}
