package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_lk_in}: GETLK's, SETLK's and SETLKW's argument. */
public final class FuseLkIn {
    private FuseLkIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("fh"),  // file handle
            JAVA_LONG.withName("owner"),  // lock owner
            FuseFileLock.LAYOUT.withName("lk"),  // the lock
            JAVA_INT.withName("lk_flags"),  // FUSE_LK_FLOCK
            JAVA_INT.withName("padding")   // unused
    ).withName("struct fuse_lk_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_FH = LAYOUT.byteOffset(groupElement("fh"));
    public static final long OFFSET_OWNER = LAYOUT.byteOffset(groupElement("owner"));
    public static final long OFFSET_LK = LAYOUT.byteOffset(groupElement("lk"));
    public static final long OFFSET_LK_FLAGS = LAYOUT.byteOffset(groupElement("lk_flags"));
    public static final long OFFSET_PADDING = LAYOUT.byteOffset(groupElement("padding"));
}
