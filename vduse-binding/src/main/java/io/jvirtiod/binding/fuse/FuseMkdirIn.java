package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code struct fuse_mkdir_in}: MKDIR's argument, followed by the name. */
public final class FuseMkdirIn {
    private FuseMkdirIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("mode"),  // permissions
            JAVA_INT.withName("umask")   // caller's umask
    ).withName("struct fuse_mkdir_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_MODE = LAYOUT.byteOffset(groupElement("mode"));
    public static final long OFFSET_UMASK = LAYOUT.byteOffset(groupElement("umask"));
}
