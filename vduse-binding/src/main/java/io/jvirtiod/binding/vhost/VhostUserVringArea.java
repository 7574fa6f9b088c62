package io.jvirtiod.binding.vhost;

import io.jvirtiod.binding.Packed;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * {@code struct vhost_user_vring_area} (jvirtiod/vhost_user.h): "vring area description" of the back-end's
 * VRING_HOST_NOTIFIER_MSG: an area of the fd sent with it for the guest to notify a vring directly.
 */
public final class VhostUserVringArea {
    private VhostUserVringArea() {}

    public static final StructLayout LAYOUT = Packed.struct(
            JAVA_LONG.withName("u64"),                       // bits 0-7 vring index; VHOST_USER_VRING_AREA_NOFD_MASK
            JAVA_LONG.withName("size"),                      // bytes of the area
            JAVA_LONG.withName("offset")                     // offset in the fd
    ).withName("struct vhost_user_vring_area");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_U64 = LAYOUT.byteOffset(groupElement("u64"));
    public static final long OFFSET_SIZE = LAYOUT.byteOffset(groupElement("size"));
    public static final long OFFSET_OFFSET = LAYOUT.byteOffset(groupElement("offset"));

    public static long u64(MemorySegment s) { return s.get(JAVA_LONG_UNALIGNED, OFFSET_U64); }
    public static void u64(MemorySegment s, long v) { s.set(JAVA_LONG_UNALIGNED, OFFSET_U64, v); }
    public static long size(MemorySegment s) { return s.get(JAVA_LONG_UNALIGNED, OFFSET_SIZE); }
    public static void size(MemorySegment s, long v) { s.set(JAVA_LONG_UNALIGNED, OFFSET_SIZE, v); }
    public static long offset(MemorySegment s) { return s.get(JAVA_LONG_UNALIGNED, OFFSET_OFFSET); }
    public static void offset(MemorySegment s, long v) { s.set(JAVA_LONG_UNALIGNED, OFFSET_OFFSET, v); }
}
