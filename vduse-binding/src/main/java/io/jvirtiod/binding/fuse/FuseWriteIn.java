package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_write_in}: WRITE's argument, followed by size bytes of data. */
public final class FuseWriteIn {
    private FuseWriteIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("fh"),  // file handle
            JAVA_LONG.withName("offset"),  // file offset
            JAVA_INT.withName("size"),  // bytes that follow
            JAVA_INT.withName("write_flags"),  // FUSE_WRITE_*
            JAVA_LONG.withName("lock_owner"),  // if FUSE_WRITE_LOCKOWNER
            JAVA_INT.withName("flags"),  // open(2) flags
            JAVA_INT.withName("padding")   // unused
    ).withName("struct fuse_write_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_FH = LAYOUT.byteOffset(groupElement("fh"));
    public static final long OFFSET_OFFSET = LAYOUT.byteOffset(groupElement("offset"));
    public static final long OFFSET_SIZE = LAYOUT.byteOffset(groupElement("size"));
    public static final long OFFSET_WRITE_FLAGS = LAYOUT.byteOffset(groupElement("write_flags"));
    public static final long OFFSET_LOCK_OWNER = LAYOUT.byteOffset(groupElement("lock_owner"));
    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long OFFSET_PADDING = LAYOUT.byteOffset(groupElement("padding"));
}
