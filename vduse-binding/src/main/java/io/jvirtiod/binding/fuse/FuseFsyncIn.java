package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_fsync_in}: FSYNC's and FSYNCDIR's argument. */
public final class FuseFsyncIn {
    private FuseFsyncIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("fh"),  // file handle
            JAVA_INT.withName("fsync_flags"),  // FUSE_FSYNC_FDATASYNC
            JAVA_INT.withName("padding")   // unused
    ).withName("struct fuse_fsync_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_FH = LAYOUT.byteOffset(groupElement("fh"));
    public static final long OFFSET_FSYNC_FLAGS = LAYOUT.byteOffset(groupElement("fsync_flags"));
    public static final long OFFSET_PADDING = LAYOUT.byteOffset(groupElement("padding"));
}
