package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_setupmapping_in}: SETUPMAPPING's argument (virtio-fs DAX): map a file range into the DAX window. */
public final class FuseSetupmappingIn {
    private FuseSetupmappingIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("fh"),  // open file handle
            JAVA_LONG.withName("foffset"),  // file offset
            JAVA_LONG.withName("len"),  // bytes
            JAVA_LONG.withName("flags"),  // FUSE_SETUPMAPPING_FLAG_*
            JAVA_LONG.withName("moffset")   // offset in the DAX window
    ).withName("struct fuse_setupmapping_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_FH = LAYOUT.byteOffset(groupElement("fh"));
    public static final long OFFSET_FOFFSET = LAYOUT.byteOffset(groupElement("foffset"));
    public static final long OFFSET_LEN = LAYOUT.byteOffset(groupElement("len"));
    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long OFFSET_MOFFSET = LAYOUT.byteOffset(groupElement("moffset"));
}
