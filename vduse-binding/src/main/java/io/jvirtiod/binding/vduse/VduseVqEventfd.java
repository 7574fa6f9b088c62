package io.jvirtiod.binding.vduse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code struct vduse_vq_eventfd} (linux/vduse.h): the argument of VDUSE_VQ_SETUP_KICKFD, binding the eventfd
 * the kernel signals when the driver kicks a queue ({@link VduseH#VDUSE_EVENTFD_DEASSIGN} unbinds it).
 */
public final class VduseVqEventfd {
    private VduseVqEventfd() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("index"),   // virtqueue index
            JAVA_INT.withName("fd")       // eventfd, or VDUSE_EVENTFD_DEASSIGN
    ).withName("struct vduse_vq_eventfd");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_INDEX = LAYOUT.byteOffset(groupElement("index"));
    public static final long OFFSET_FD = LAYOUT.byteOffset(groupElement("fd"));

    public static int index(MemorySegment s) { return s.get(JAVA_INT, OFFSET_INDEX); }
    public static void index(MemorySegment s, int v) { s.set(JAVA_INT, OFFSET_INDEX, v); }
    public static int fd(MemorySegment s) { return s.get(JAVA_INT, OFFSET_FD); }
    public static void fd(MemorySegment s, int v) { s.set(JAVA_INT, OFFSET_FD, v); }
}
