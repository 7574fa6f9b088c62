package io.jvirtiod.binding.vhost;

import io.jvirtiod.binding.Packed;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * {@code struct vhost_user_iotlb_msg} (jvirtiod/vhost_user.h): "IOTLB message" of IOTLB_MSG in both
 * directions, the kernel's vhost_iotlb_msg with its tail padding spelled out (32 bytes).
 */
public final class VhostUserIotlbMsg {
    private VhostUserIotlbMsg() {}

    public static final StructLayout LAYOUT = Packed.struct(
            JAVA_LONG.withName("iova"),                      // first IOVA
            JAVA_LONG.withName("size"),                      // bytes
            JAVA_LONG.withName("uaddr"),                     // user address it maps to
            JAVA_BYTE.withName("perm"),                      // VHOST_ACCESS_RO/WO/RW
            JAVA_BYTE.withName("type"),                      // VHOST_IOTLB_*
            MemoryLayout.sequenceLayout(6, JAVA_BYTE).withName("padding")
    ).withName("struct vhost_user_iotlb_msg");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_IOVA = LAYOUT.byteOffset(groupElement("iova"));
    public static final long OFFSET_SIZE = LAYOUT.byteOffset(groupElement("size"));
    public static final long OFFSET_UADDR = LAYOUT.byteOffset(groupElement("uaddr"));
    public static final long OFFSET_PERM = LAYOUT.byteOffset(groupElement("perm"));
    public static final long OFFSET_TYPE = LAYOUT.byteOffset(groupElement("type"));
    public static final long OFFSET_PADDING = LAYOUT.byteOffset(groupElement("padding"));

    public static long iova(MemorySegment s) { return s.get(JAVA_LONG_UNALIGNED, OFFSET_IOVA); }
    public static void iova(MemorySegment s, long v) { s.set(JAVA_LONG_UNALIGNED, OFFSET_IOVA, v); }
    public static long size(MemorySegment s) { return s.get(JAVA_LONG_UNALIGNED, OFFSET_SIZE); }
    public static void size(MemorySegment s, long v) { s.set(JAVA_LONG_UNALIGNED, OFFSET_SIZE, v); }
    public static long uaddr(MemorySegment s) { return s.get(JAVA_LONG_UNALIGNED, OFFSET_UADDR); }
    public static void uaddr(MemorySegment s, long v) { s.set(JAVA_LONG_UNALIGNED, OFFSET_UADDR, v); }
    public static byte perm(MemorySegment s) { return s.get(JAVA_BYTE, OFFSET_PERM); }
    public static void perm(MemorySegment s, byte v) { s.set(JAVA_BYTE, OFFSET_PERM, v); }
    public static byte type(MemorySegment s) { return s.get(JAVA_BYTE, OFFSET_TYPE); }
    public static void type(MemorySegment s, byte v) { s.set(JAVA_BYTE, OFFSET_TYPE, v); }
}
