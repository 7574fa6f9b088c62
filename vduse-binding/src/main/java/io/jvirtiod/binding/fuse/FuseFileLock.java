package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_file_lock}: A POSIX record lock as GETLK/SETLK carry it. */
public final class FuseFileLock {
    private FuseFileLock() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("start"),  // first byte
            JAVA_LONG.withName("end"),  // last byte (inclusive; OFFSET_MAX for to-end)
            JAVA_INT.withName("type"),  // F_RDLCK/F_WRLCK/F_UNLCK
            JAVA_INT.withName("pid")   // owner's tgid
    ).withName("struct fuse_file_lock");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_START = LAYOUT.byteOffset(groupElement("start"));
    public static final long OFFSET_END = LAYOUT.byteOffset(groupElement("end"));
    public static final long OFFSET_TYPE = LAYOUT.byteOffset(groupElement("type"));
    public static final long OFFSET_PID = LAYOUT.byteOffset(groupElement("pid"));
}
