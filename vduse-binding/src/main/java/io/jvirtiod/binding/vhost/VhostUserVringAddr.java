package io.jvirtiod.binding.vhost;

import io.jvirtiod.binding.Packed;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * {@code struct vhost_user_vring_addr} (jvirtiod/vhost_user.h): "a vring address description" of
 * SET_VRING_ADDR. Addresses are in the front-end's user address space and are translated through the memory table.
 */
public final class VhostUserVringAddr {
    private VhostUserVringAddr() {}

    public static final StructLayout LAYOUT = Packed.struct(
            JAVA_INT.withName("index"),                      // vring index
            JAVA_INT.withName("flags"),                      // bit VHOST_USER_VRING_F_LOG: log_guest_addr valid
            JAVA_LONG.withName("desc_user_addr"),            // descriptor table
            JAVA_LONG.withName("used_user_addr"),            // used ring
            JAVA_LONG.withName("avail_user_addr"),           // available ring
            JAVA_LONG.withName("log_guest_addr")             // guest address of the used ring, for logging
    ).withName("struct vhost_user_vring_addr");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_INDEX = LAYOUT.byteOffset(groupElement("index"));
    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long OFFSET_DESC_USER_ADDR = LAYOUT.byteOffset(groupElement("desc_user_addr"));
    public static final long OFFSET_USED_USER_ADDR = LAYOUT.byteOffset(groupElement("used_user_addr"));
    public static final long OFFSET_AVAIL_USER_ADDR = LAYOUT.byteOffset(groupElement("avail_user_addr"));
    public static final long OFFSET_LOG_GUEST_ADDR = LAYOUT.byteOffset(groupElement("log_guest_addr"));

    public static int index(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_INDEX); }
    public static void index(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_INDEX, v); }
    public static int flags(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_FLAGS); }
    public static void flags(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_FLAGS, v); }
    public static long desc_user_addr(MemorySegment s) { return s.get(JAVA_LONG_UNALIGNED, OFFSET_DESC_USER_ADDR); }
    public static void desc_user_addr(MemorySegment s, long v) { s.set(JAVA_LONG_UNALIGNED, OFFSET_DESC_USER_ADDR, v); }
    public static long used_user_addr(MemorySegment s) { return s.get(JAVA_LONG_UNALIGNED, OFFSET_USED_USER_ADDR); }
    public static void used_user_addr(MemorySegment s, long v) { s.set(JAVA_LONG_UNALIGNED, OFFSET_USED_USER_ADDR, v); }
    public static long avail_user_addr(MemorySegment s) { return s.get(JAVA_LONG_UNALIGNED, OFFSET_AVAIL_USER_ADDR); }
    public static void avail_user_addr(MemorySegment s, long v) { s.set(JAVA_LONG_UNALIGNED, OFFSET_AVAIL_USER_ADDR, v); }
    public static long log_guest_addr(MemorySegment s) { return s.get(JAVA_LONG_UNALIGNED, OFFSET_LOG_GUEST_ADDR); }
    public static void log_guest_addr(MemorySegment s, long v) { s.set(JAVA_LONG_UNALIGNED, OFFSET_LOG_GUEST_ADDR, v); }
}
