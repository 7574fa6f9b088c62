package io.jvirtiod.binding.vhost;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct vhost_iotlb_msg} (linux/vhost_types.h): one IOTLB miss, update or invalidation of a device
 * IOVA range, as the kernel vhost interface carries it.
 */
public final class VhostIotlbMsg {
    private VhostIotlbMsg() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("iova"),                      // first IOVA
            JAVA_LONG.withName("size"),                      // bytes
            JAVA_LONG.withName("uaddr"),                     // user address it maps to
            JAVA_BYTE.withName("perm"),                      // VHOST_ACCESS_RO/WO/RW
            JAVA_BYTE.withName("type"),                      // VHOST_IOTLB_*
            MemoryLayout.paddingLayout(6)
    ).withName("struct vhost_iotlb_msg");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_IOVA = LAYOUT.byteOffset(groupElement("iova"));
    public static final long OFFSET_SIZE = LAYOUT.byteOffset(groupElement("size"));
    public static final long OFFSET_UADDR = LAYOUT.byteOffset(groupElement("uaddr"));
    public static final long OFFSET_PERM = LAYOUT.byteOffset(groupElement("perm"));
    public static final long OFFSET_TYPE = LAYOUT.byteOffset(groupElement("type"));

    public static long iova(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_IOVA); }
    public static void iova(MemorySegment s, long v) { s.set(JAVA_LONG, OFFSET_IOVA, v); }
    public static long size(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_SIZE); }
    public static void size(MemorySegment s, long v) { s.set(JAVA_LONG, OFFSET_SIZE, v); }
    public static long uaddr(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_UADDR); }
    public static void uaddr(MemorySegment s, long v) { s.set(JAVA_LONG, OFFSET_UADDR, v); }
    public static byte perm(MemorySegment s) { return s.get(JAVA_BYTE, OFFSET_PERM); }
    public static void perm(MemorySegment s, byte v) { s.set(JAVA_BYTE, OFFSET_PERM, v); }
    public static byte type(MemorySegment s) { return s.get(JAVA_BYTE, OFFSET_TYPE); }
    public static void type(MemorySegment s, byte v) { s.set(JAVA_BYTE, OFFSET_TYPE, v); }
}
