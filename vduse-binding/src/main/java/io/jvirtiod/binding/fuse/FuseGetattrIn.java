package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_getattr_in}: GETATTR's argument: with FUSE_GETATTR_FH, the open file whose attributes are asked. */
public final class FuseGetattrIn {
    private FuseGetattrIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("getattr_flags"),  // FUSE_GETATTR_FH
            JAVA_INT.withName("dummy"),  // unused
            JAVA_LONG.withName("fh")   // file handle if FUSE_GETATTR_FH
    ).withName("struct fuse_getattr_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_GETATTR_FLAGS = LAYOUT.byteOffset(groupElement("getattr_flags"));
    public static final long OFFSET_DUMMY = LAYOUT.byteOffset(groupElement("dummy"));
    public static final long OFFSET_FH = LAYOUT.byteOffset(groupElement("fh"));
}
