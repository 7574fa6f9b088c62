package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code struct ucred} (sys/socket.h): the peer's pid/uid/gid as SO_PEERCRED reports them, so a socket server
 * can refuse a front-end that is not the process it expects.
 */
public final class Ucred {
    private Ucred() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("pid"),
            JAVA_INT.withName("uid"),
            JAVA_INT.withName("gid")
    ).withName("struct ucred");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_PID = LAYOUT.byteOffset(groupElement("pid"));
    public static final long OFFSET_UID = LAYOUT.byteOffset(groupElement("uid"));
    public static final long OFFSET_GID = LAYOUT.byteOffset(groupElement("gid"));

    public static int pid(MemorySegment s) { return s.get(JAVA_INT, OFFSET_PID); }
    public static int uid(MemorySegment s) { return s.get(JAVA_INT, OFFSET_UID); }
    public static int gid(MemorySegment s) { return s.get(JAVA_INT, OFFSET_GID); }
}
