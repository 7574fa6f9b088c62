package io.jvirtiod.binding.vduse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct vduse_vq_state_packed} (linux/vduse.h): where a packed virtqueue resumes: the device's next
 * avail and used indices with their ring wrap counters.
 */
public final class VduseVqStatePacked {
    private VduseVqStatePacked() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("last_avail_counter"), // driver ring wrap counter last seen by the device
            JAVA_SHORT.withName("last_avail_idx"),     // device's available index
            JAVA_SHORT.withName("last_used_counter"),  // device ring wrap counter
            JAVA_SHORT.withName("last_used_idx")       // used index
    ).withName("struct vduse_vq_state_packed");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_LAST_AVAIL_COUNTER = LAYOUT.byteOffset(groupElement("last_avail_counter"));
    public static final long OFFSET_LAST_AVAIL_IDX = LAYOUT.byteOffset(groupElement("last_avail_idx"));
    public static final long OFFSET_LAST_USED_COUNTER = LAYOUT.byteOffset(groupElement("last_used_counter"));
    public static final long OFFSET_LAST_USED_IDX = LAYOUT.byteOffset(groupElement("last_used_idx"));

    public static short last_avail_counter(MemorySegment s) { return s.get(JAVA_SHORT, OFFSET_LAST_AVAIL_COUNTER); }
    public static void last_avail_counter(MemorySegment s, short v) { s.set(JAVA_SHORT, OFFSET_LAST_AVAIL_COUNTER, v); }
    public static short last_avail_idx(MemorySegment s) { return s.get(JAVA_SHORT, OFFSET_LAST_AVAIL_IDX); }
    public static void last_avail_idx(MemorySegment s, short v) { s.set(JAVA_SHORT, OFFSET_LAST_AVAIL_IDX, v); }
    public static short last_used_counter(MemorySegment s) { return s.get(JAVA_SHORT, OFFSET_LAST_USED_COUNTER); }
    public static void last_used_counter(MemorySegment s, short v) { s.set(JAVA_SHORT, OFFSET_LAST_USED_COUNTER, v); }
    public static short last_used_idx(MemorySegment s) { return s.get(JAVA_SHORT, OFFSET_LAST_USED_IDX); }
    public static void last_used_idx(MemorySegment s, short v) { s.set(JAVA_SHORT, OFFSET_LAST_USED_IDX, v); }
}
