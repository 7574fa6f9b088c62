package io.jvirtiod.binding.vhost;

import io.jvirtiod.binding.Packed;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

/**
 * {@code struct vhost_user_vring_state} (jvirtiod/vhost_user.h): "a vring state description": a vring index
 * and a number (size for SET_VRING_NUM, base for SET/GET_VRING_BASE, enable for SET_VRING_ENABLE).
 */
public final class VhostUserVringState {
    private VhostUserVringState() {}

    public static final StructLayout LAYOUT = Packed.struct(
            JAVA_INT.withName("index"),                      // vring index
            JAVA_INT.withName("num")                         // size, base index or flag
    ).withName("struct vhost_user_vring_state");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_INDEX = LAYOUT.byteOffset(groupElement("index"));
    public static final long OFFSET_NUM = LAYOUT.byteOffset(groupElement("num"));

    public static int index(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_INDEX); }
    public static void index(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_INDEX, v); }
    public static int num(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_NUM); }
    public static void num(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_NUM, v); }
}
