package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_release_in}: RELEASE's and RELEASEDIR's argument. */
public final class FuseReleaseIn {
    private FuseReleaseIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("fh"),  // file handle
            JAVA_INT.withName("flags"),  // open(2) flags
            JAVA_INT.withName("release_flags"),  // FUSE_RELEASE_*
            JAVA_LONG.withName("lock_owner")   // owner for FUSE_RELEASE_FLOCK_UNLOCK
    ).withName("struct fuse_release_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_FH = LAYOUT.byteOffset(groupElement("fh"));
    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long OFFSET_RELEASE_FLAGS = LAYOUT.byteOffset(groupElement("release_flags"));
    public static final long OFFSET_LOCK_OWNER = LAYOUT.byteOffset(groupElement("lock_owner"));
}
