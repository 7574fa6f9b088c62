package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code struct fuse_create_in}: CREATE's argument, followed by the name. */
public final class FuseCreateIn {
    private FuseCreateIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("flags"),  // open(2) flags
            JAVA_INT.withName("mode"),  // permissions
            JAVA_INT.withName("umask"),  // caller's umask
            JAVA_INT.withName("open_flags")   // FUSE_OPEN_* flags
    ).withName("struct fuse_create_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long OFFSET_MODE = LAYOUT.byteOffset(groupElement("mode"));
    public static final long OFFSET_UMASK = LAYOUT.byteOffset(groupElement("umask"));
    public static final long OFFSET_OPEN_FLAGS = LAYOUT.byteOffset(groupElement("open_flags"));
}
