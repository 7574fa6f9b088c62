package io.jvirtiod.binding.vhost;

import io.jvirtiod.binding.Packed;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * {@code struct vhost_user_memory_single} (jvirtiod/vhost_user.h): "single memory region description" of
 * ADD_MEM_REG and REM_MEM_REG.
 */
public final class VhostUserMemorySingle {
    private VhostUserMemorySingle() {}

    public static final StructLayout LAYOUT = Packed.struct(
            JAVA_LONG.withName("padding"),
            VhostUserMemoryRegion.LAYOUT.withName("region")  // the region (its fd comes with ADD_MEM_REG)
    ).withName("struct vhost_user_memory_single");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_PADDING = LAYOUT.byteOffset(groupElement("padding"));
    public static final long OFFSET_REGION = LAYOUT.byteOffset(groupElement("region"));

    /** The region, read and written with {@link VhostUserMemoryRegion}. */
    public static MemorySegment region(MemorySegment s) { return s.asSlice(OFFSET_REGION, VhostUserMemoryRegion.SIZE); }
}
