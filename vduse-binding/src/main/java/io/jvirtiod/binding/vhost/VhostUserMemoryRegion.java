package io.jvirtiod.binding.vhost;

import io.jvirtiod.binding.Packed;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * {@code struct vhost_user_memory_region} (jvirtiod/vhost_user.h): "memory region description": one
 * guest-physical range, its address in the front-end and its offset in the fd sent with it.
 */
public final class VhostUserMemoryRegion {
    private VhostUserMemoryRegion() {}

    public static final StructLayout LAYOUT = Packed.struct(
            JAVA_LONG.withName("guest_phys_addr"),           // first guest-physical address
            JAVA_LONG.withName("memory_size"),               // bytes
            JAVA_LONG.withName("userspace_addr"),            // front-end's virtual address
            JAVA_LONG.withName("mmap_offset")                // offset of the range in the region's fd
    ).withName("struct vhost_user_memory_region");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_GUEST_PHYS_ADDR = LAYOUT.byteOffset(groupElement("guest_phys_addr"));
    public static final long OFFSET_MEMORY_SIZE = LAYOUT.byteOffset(groupElement("memory_size"));
    public static final long OFFSET_USERSPACE_ADDR = LAYOUT.byteOffset(groupElement("userspace_addr"));
    public static final long OFFSET_MMAP_OFFSET = LAYOUT.byteOffset(groupElement("mmap_offset"));

    public static long guest_phys_addr(MemorySegment s) { return s.get(JAVA_LONG_UNALIGNED, OFFSET_GUEST_PHYS_ADDR); }
    public static void guest_phys_addr(MemorySegment s, long v) { s.set(JAVA_LONG_UNALIGNED, OFFSET_GUEST_PHYS_ADDR, v); }
    public static long memory_size(MemorySegment s) { return s.get(JAVA_LONG_UNALIGNED, OFFSET_MEMORY_SIZE); }
    public static void memory_size(MemorySegment s, long v) { s.set(JAVA_LONG_UNALIGNED, OFFSET_MEMORY_SIZE, v); }
    public static long userspace_addr(MemorySegment s) { return s.get(JAVA_LONG_UNALIGNED, OFFSET_USERSPACE_ADDR); }
    public static void userspace_addr(MemorySegment s, long v) { s.set(JAVA_LONG_UNALIGNED, OFFSET_USERSPACE_ADDR, v); }
    public static long mmap_offset(MemorySegment s) { return s.get(JAVA_LONG_UNALIGNED, OFFSET_MMAP_OFFSET); }
    public static void mmap_offset(MemorySegment s, long v) { s.set(JAVA_LONG_UNALIGNED, OFFSET_MMAP_OFFSET, v); }
}
