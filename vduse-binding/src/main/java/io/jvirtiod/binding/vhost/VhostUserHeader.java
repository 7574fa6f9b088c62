package io.jvirtiod.binding.vhost;

import io.jvirtiod.binding.Packed;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

/**
 * {@code struct vhost_user_header} (jvirtiod/vhost_user.h): the 12 bytes that start every vhost-user
 * message; {@code size} payload bytes follow. Packed: the payload after it is not 8-aligned on the wire.
 */
public final class VhostUserHeader {
    private VhostUserHeader() {}

    public static final StructLayout LAYOUT = Packed.struct(
            JAVA_INT.withName("request"),                    // VHOST_USER_* request
            JAVA_INT.withName("flags"),                      // version, reply, need-reply
            JAVA_INT.withName("size")                        // payload bytes that follow
    ).withName("struct vhost_user_header");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_REQUEST = LAYOUT.byteOffset(groupElement("request"));
    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long OFFSET_SIZE = LAYOUT.byteOffset(groupElement("size"));

    public static int request(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_REQUEST); }
    public static void request(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_REQUEST, v); }
    public static int flags(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_FLAGS); }
    public static void flags(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_FLAGS, v); }
    public static int size(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_SIZE); }
    public static void size(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_SIZE, v); }
}
