package io.jvirtiod.binding.vhost;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code struct vhost_memory} (linux/vhost_types.h): the kernel vhost memory table, a count followed by that
 * many {@link VhostMemoryRegion}s (a flexible array).
 */
public final class VhostMemory {
    private VhostMemory() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("nregions"),                                           // regions that follow
            JAVA_INT.withName("padding"),
            MemoryLayout.sequenceLayout(0, VhostMemoryRegion.LAYOUT).withName("regions") // flexible array
    ).withName("struct vhost_memory");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_NREGIONS = LAYOUT.byteOffset(groupElement("nregions"));
    public static final long OFFSET_REGIONS = LAYOUT.byteOffset(groupElement("regions"));

    /** Bytes of a table with {@code nregions} regions. */
    public static long sizeWith(int nregions) {
        if (nregions < 0) throw new IllegalArgumentException("region count " + nregions + " is negative");
        return OFFSET_REGIONS + nregions * VhostMemoryRegion.SIZE;
    }

    public static int nregions(MemorySegment s) { return s.get(JAVA_INT, OFFSET_NREGIONS); }
    public static void nregions(MemorySegment s, int v) { s.set(JAVA_INT, OFFSET_NREGIONS, v); }

    /** Region {@code i}, bounds-checked against the segment (not against nregions, which the caller checks). */
    public static MemorySegment regions(MemorySegment s, int i) {
        return s.asSlice(OFFSET_REGIONS + i * VhostMemoryRegion.SIZE, VhostMemoryRegion.SIZE);
    }
}
