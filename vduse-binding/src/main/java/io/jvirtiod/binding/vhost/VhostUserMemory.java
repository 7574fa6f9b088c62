package io.jvirtiod.binding.vhost;

import io.jvirtiod.binding.Packed;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

/**
 * {@code struct vhost_user_memory} (jvirtiod/vhost_user.h): "multiple memory regions description" of
 * SET_MEM_TABLE: up to {@link VhostUserH#VHOST_MEMORY_BASELINE_NREGIONS} regions, one fd each.
 */
public final class VhostUserMemory {
    private VhostUserMemory() {}

    public static final StructLayout LAYOUT = Packed.struct(
            JAVA_INT.withName("nregions"),   // regions used (the sender's word: check it against the fds)
            JAVA_INT.withName("padding"),
            MemoryLayout.sequenceLayout(VhostUserH.VHOST_MEMORY_BASELINE_NREGIONS, VhostUserMemoryRegion.LAYOUT)
                    .withName("regions")
    ).withName("struct vhost_user_memory");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_NREGIONS = LAYOUT.byteOffset(groupElement("nregions"));
    public static final long OFFSET_REGIONS = LAYOUT.byteOffset(groupElement("regions"));

    public static int nregions(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_NREGIONS); }
    public static void nregions(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_NREGIONS, v); }

    /** Region {@code i}, read with {@link VhostUserMemoryRegion}; {@code i} must be below the array length. */
    public static MemorySegment regions(MemorySegment s, int i) {
        if (i < 0 || i >= VhostUserH.VHOST_MEMORY_BASELINE_NREGIONS) {
            throw new IndexOutOfBoundsException("memory region index " + i + " is not in 0.."
                    + (VhostUserH.VHOST_MEMORY_BASELINE_NREGIONS - 1));
        }
        return s.asSlice(OFFSET_REGIONS + i * VhostUserMemoryRegion.SIZE, VhostUserMemoryRegion.SIZE);
    }
}
