package io.jvirtiod.binding.vhost;

import io.jvirtiod.binding.Packed;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * {@code struct vhost_user_log} (jvirtiod/vhost_user.h): "log description" of SET_LOG_BASE: where the dirty
 * log lies in the fd sent with it.
 */
public final class VhostUserLog {
    private VhostUserLog() {}

    public static final StructLayout LAYOUT = Packed.struct(
            JAVA_LONG.withName("mmap_size"),                 // bytes of the log
            JAVA_LONG.withName("mmap_offset")                // offset in the fd
    ).withName("struct vhost_user_log");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_MMAP_SIZE = LAYOUT.byteOffset(groupElement("mmap_size"));
    public static final long OFFSET_MMAP_OFFSET = LAYOUT.byteOffset(groupElement("mmap_offset"));

    public static long mmap_size(MemorySegment s) { return s.get(JAVA_LONG_UNALIGNED, OFFSET_MMAP_SIZE); }
    public static void mmap_size(MemorySegment s, long v) { s.set(JAVA_LONG_UNALIGNED, OFFSET_MMAP_SIZE, v); }
    public static long mmap_offset(MemorySegment s) { return s.get(JAVA_LONG_UNALIGNED, OFFSET_MMAP_OFFSET); }
    public static void mmap_offset(MemorySegment s, long v) { s.set(JAVA_LONG_UNALIGNED, OFFSET_MMAP_OFFSET, v); }
}
