package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_read_in}: READ's and READDIR's argument. */
public final class FuseReadIn {
    private FuseReadIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("fh"),  // file handle
            JAVA_LONG.withName("offset"),  // file offset
            JAVA_INT.withName("size"),  // bytes wanted
            JAVA_INT.withName("read_flags"),  // FUSE_READ_LOCKOWNER
            JAVA_LONG.withName("lock_owner"),  // if FUSE_READ_LOCKOWNER
            JAVA_INT.withName("flags"),  // open(2) flags
            JAVA_INT.withName("padding")   // unused
    ).withName("struct fuse_read_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_FH = LAYOUT.byteOffset(groupElement("fh"));
    public static final long OFFSET_OFFSET = LAYOUT.byteOffset(groupElement("offset"));
    public static final long OFFSET_SIZE = LAYOUT.byteOffset(groupElement("size"));
    public static final long OFFSET_READ_FLAGS = LAYOUT.byteOffset(groupElement("read_flags"));
    public static final long OFFSET_LOCK_OWNER = LAYOUT.byteOffset(groupElement("lock_owner"));
    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long OFFSET_PADDING = LAYOUT.byteOffset(groupElement("padding"));
}
