package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code struct fuse_mknod_in}: MKNOD's argument, followed by the name. */
public final class FuseMknodIn {
    private FuseMknodIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("mode"),  // file type and permissions
            JAVA_INT.withName("rdev"),  // device number
            JAVA_INT.withName("umask"),  // caller's umask (FUSE_DONT_MASK)
            JAVA_INT.withName("padding")   // unused
    ).withName("struct fuse_mknod_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_MODE = LAYOUT.byteOffset(groupElement("mode"));
    public static final long OFFSET_RDEV = LAYOUT.byteOffset(groupElement("rdev"));
    public static final long OFFSET_UMASK = LAYOUT.byteOffset(groupElement("umask"));
    public static final long OFFSET_PADDING = LAYOUT.byteOffset(groupElement("padding"));
}
