package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct msghdr} (sys/socket.h): the argument of sendmsg/recvmsg: the data as an iovec array and the
 * ancillary (control) data that carries file descriptors. On return from recvmsg the kernel rewrites
 * msg_controllen and msg_flags (MSG_CTRUNC when the control buffer was too small).
 */
public final class MsgHdr {
    private MsgHdr() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"),          // peer address (NULL on a connected socket)
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"),           // struct iovec array
            JAVA_LONG.withName("msg_iovlen"),      // its entries
            ADDRESS.withName("msg_control"),       // ancillary data buffer
            JAVA_LONG.withName("msg_controllen"),  // its bytes (in), bytes used (out)
            JAVA_INT.withName("msg_flags"),        // MSG_* reported by recvmsg
            MemoryLayout.paddingLayout(4)
    ).withName("struct msghdr");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_MSG_NAME = LAYOUT.byteOffset(groupElement("msg_name"));
    public static final long OFFSET_MSG_NAMELEN = LAYOUT.byteOffset(groupElement("msg_namelen"));
    public static final long OFFSET_MSG_IOV = LAYOUT.byteOffset(groupElement("msg_iov"));
    public static final long OFFSET_MSG_IOVLEN = LAYOUT.byteOffset(groupElement("msg_iovlen"));
    public static final long OFFSET_MSG_CONTROL = LAYOUT.byteOffset(groupElement("msg_control"));
    public static final long OFFSET_MSG_CONTROLLEN = LAYOUT.byteOffset(groupElement("msg_controllen"));
    public static final long OFFSET_MSG_FLAGS = LAYOUT.byteOffset(groupElement("msg_flags"));

    public static void msg_name(MemorySegment s, MemorySegment v) { s.set(ADDRESS, OFFSET_MSG_NAME, v); }
    public static void msg_namelen(MemorySegment s, int v) { s.set(JAVA_INT, OFFSET_MSG_NAMELEN, v); }
    public static void msg_iov(MemorySegment s, MemorySegment v) { s.set(ADDRESS, OFFSET_MSG_IOV, v); }
    public static long msg_iovlen(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_MSG_IOVLEN); }
    public static void msg_iovlen(MemorySegment s, long v) { s.set(JAVA_LONG, OFFSET_MSG_IOVLEN, v); }
    public static void msg_control(MemorySegment s, MemorySegment v) { s.set(ADDRESS, OFFSET_MSG_CONTROL, v); }
    public static long msg_controllen(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_MSG_CONTROLLEN); }
    public static void msg_controllen(MemorySegment s, long v) { s.set(JAVA_LONG, OFFSET_MSG_CONTROLLEN, v); }
    public static int msg_flags(MemorySegment s) { return s.get(JAVA_INT, OFFSET_MSG_FLAGS); }
    public static void msg_flags(MemorySegment s, int v) { s.set(JAVA_INT, OFFSET_MSG_FLAGS, v); }
}
