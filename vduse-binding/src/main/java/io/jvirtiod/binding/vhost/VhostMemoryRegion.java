package io.jvirtiod.binding.vhost;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct vhost_memory_region} (linux/vhost_types.h): one guest-physical range and where it is mapped in
 * the owner's address space.
 */
public final class VhostMemoryRegion {
    private VhostMemoryRegion() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("guest_phys_addr"),           // first guest-physical address
            JAVA_LONG.withName("memory_size"),               // bytes
            JAVA_LONG.withName("userspace_addr"),            // owner's virtual address
            JAVA_LONG.withName("flags_padding")              // no flags defined
    ).withName("struct vhost_memory_region");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_GUEST_PHYS_ADDR = LAYOUT.byteOffset(groupElement("guest_phys_addr"));
    public static final long OFFSET_MEMORY_SIZE = LAYOUT.byteOffset(groupElement("memory_size"));
    public static final long OFFSET_USERSPACE_ADDR = LAYOUT.byteOffset(groupElement("userspace_addr"));
    public static final long OFFSET_FLAGS_PADDING = LAYOUT.byteOffset(groupElement("flags_padding"));

    public static long guest_phys_addr(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_GUEST_PHYS_ADDR); }
    public static void guest_phys_addr(MemorySegment s, long v) { s.set(JAVA_LONG, OFFSET_GUEST_PHYS_ADDR, v); }
    public static long memory_size(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_MEMORY_SIZE); }
    public static void memory_size(MemorySegment s, long v) { s.set(JAVA_LONG, OFFSET_MEMORY_SIZE, v); }
    public static long userspace_addr(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_USERSPACE_ADDR); }
    public static void userspace_addr(MemorySegment s, long v) { s.set(JAVA_LONG, OFFSET_USERSPACE_ADDR, v); }
    public static long flags_padding(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_FLAGS_PADDING); }
    public static void flags_padding(MemorySegment s, long v) { s.set(JAVA_LONG, OFFSET_FLAGS_PADDING, v); }
}
