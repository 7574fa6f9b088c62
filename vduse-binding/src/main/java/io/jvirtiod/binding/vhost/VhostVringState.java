package io.jvirtiod.binding.vhost;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code struct vhost_vring_state} (linux/vhost_types.h): a (vring index, number) pair: the queue size, a
 * ring base index or an enable flag, depending on the request.
 */
public final class VhostVringState {
    private VhostVringState() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("index"),                      // vring index
            JAVA_INT.withName("num")                         // size, base index or flag
    ).withName("struct vhost_vring_state");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_INDEX = LAYOUT.byteOffset(groupElement("index"));
    public static final long OFFSET_NUM = LAYOUT.byteOffset(groupElement("num"));

    public static int index(MemorySegment s) { return s.get(JAVA_INT, OFFSET_INDEX); }
    public static void index(MemorySegment s, int v) { s.set(JAVA_INT, OFFSET_INDEX, v); }
    public static int num(MemorySegment s) { return s.get(JAVA_INT, OFFSET_NUM); }
    public static void num(MemorySegment s, int v) { s.set(JAVA_INT, OFFSET_NUM, v); }
}
