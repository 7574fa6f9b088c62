package io.jvirtiod.binding.vduse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code struct vduse_vq_state} (linux/vduse.h): a virtqueue's resume state as a VDUSE_GET_VQ_STATE request
 * asks for it (only {@code index} is set) and its response returns it (split or packed, an anonymous union).
 */
public final class VduseVqState {
    private VduseVqState() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("index"),          // virtqueue index
            MemoryLayout.unionLayout(            // anonymous union: the state by ring format
                    VduseVqStateSplit.LAYOUT.withName("split"),
                    VduseVqStatePacked.LAYOUT.withName("packed")
            ).withName("$anon0")
    ).withName("struct vduse_vq_state");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_INDEX = LAYOUT.byteOffset(groupElement("index"));
    public static final long OFFSET_SPLIT = LAYOUT.byteOffset(groupElement("$anon0"), groupElement("split"));
    public static final long OFFSET_PACKED = LAYOUT.byteOffset(groupElement("$anon0"), groupElement("packed"));

    public static int index(MemorySegment s) { return s.get(JAVA_INT, OFFSET_INDEX); }
    public static void index(MemorySegment s, int v) { s.set(JAVA_INT, OFFSET_INDEX, v); }

    /** The split-ring state, read and written with {@link VduseVqStateSplit}. */
    public static MemorySegment split(MemorySegment s) { return s.asSlice(OFFSET_SPLIT, VduseVqStateSplit.SIZE); }

    /** The packed-ring state, read and written with {@link VduseVqStatePacked}. */
    public static MemorySegment packed(MemorySegment s) { return s.asSlice(OFFSET_PACKED, VduseVqStatePacked.SIZE); }
}
