package io.jvirtiod.binding.vhost;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code struct vhost_vring_file} (linux/vhost_types.h): binds an eventfd (kick, call or err) to a vring;
 * fd -1 unbinds.
 */
public final class VhostVringFile {
    private VhostVringFile() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("index"),                      // vring index
            JAVA_INT.withName("fd")                          // eventfd, or -1 to unbind
    ).withName("struct vhost_vring_file");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_INDEX = LAYOUT.byteOffset(groupElement("index"));
    public static final long OFFSET_FD = LAYOUT.byteOffset(groupElement("fd"));

    public static int index(MemorySegment s) { return s.get(JAVA_INT, OFFSET_INDEX); }
    public static void index(MemorySegment s, int v) { s.set(JAVA_INT, OFFSET_INDEX, v); }
    public static int fd(MemorySegment s) { return s.get(JAVA_INT, OFFSET_FD); }
    public static void fd(MemorySegment s, int v) { s.set(JAVA_INT, OFFSET_FD, v); }
}
