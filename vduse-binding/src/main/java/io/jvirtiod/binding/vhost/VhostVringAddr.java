package io.jvirtiod.binding.vhost;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct vhost_vring_addr} (linux/vhost_types.h): where a split vring lies in the owner's address
 * space, and where used-ring writes are logged when bit {@link VhostTypesH#VHOST_VRING_F_LOG} of flags is set.
 */
public final class VhostVringAddr {
    private VhostVringAddr() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("index"),                      // vring index
            JAVA_INT.withName("flags"),                      // 1 << VHOST_VRING_F_LOG: log_guest_addr valid
            JAVA_LONG.withName("desc_user_addr"),            // descriptor table
            JAVA_LONG.withName("used_user_addr"),            // used ring
            JAVA_LONG.withName("avail_user_addr"),           // available ring
            JAVA_LONG.withName("log_guest_addr")             // guest address of the used ring, for the dirty log
    ).withName("struct vhost_vring_addr");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_INDEX = LAYOUT.byteOffset(groupElement("index"));
    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long OFFSET_DESC_USER_ADDR = LAYOUT.byteOffset(groupElement("desc_user_addr"));
    public static final long OFFSET_USED_USER_ADDR = LAYOUT.byteOffset(groupElement("used_user_addr"));
    public static final long OFFSET_AVAIL_USER_ADDR = LAYOUT.byteOffset(groupElement("avail_user_addr"));
    public static final long OFFSET_LOG_GUEST_ADDR = LAYOUT.byteOffset(groupElement("log_guest_addr"));

    public static int index(MemorySegment s) { return s.get(JAVA_INT, OFFSET_INDEX); }
    public static void index(MemorySegment s, int v) { s.set(JAVA_INT, OFFSET_INDEX, v); }
    public static int flags(MemorySegment s) { return s.get(JAVA_INT, OFFSET_FLAGS); }
    public static void flags(MemorySegment s, int v) { s.set(JAVA_INT, OFFSET_FLAGS, v); }
    public static long desc_user_addr(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_DESC_USER_ADDR); }
    public static void desc_user_addr(MemorySegment s, long v) { s.set(JAVA_LONG, OFFSET_DESC_USER_ADDR, v); }
    public static long used_user_addr(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_USED_USER_ADDR); }
    public static void used_user_addr(MemorySegment s, long v) { s.set(JAVA_LONG, OFFSET_USED_USER_ADDR, v); }
    public static long avail_user_addr(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_AVAIL_USER_ADDR); }
    public static void avail_user_addr(MemorySegment s, long v) { s.set(JAVA_LONG, OFFSET_AVAIL_USER_ADDR, v); }
    public static long log_guest_addr(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_LOG_GUEST_ADDR); }
    public static void log_guest_addr(MemorySegment s, long v) { s.set(JAVA_LONG, OFFSET_LOG_GUEST_ADDR, v); }
}
