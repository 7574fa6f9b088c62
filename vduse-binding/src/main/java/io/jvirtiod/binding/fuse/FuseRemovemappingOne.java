package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_removemapping_one}: One range of REMOVEMAPPING. */
public final class FuseRemovemappingOne {
    private FuseRemovemappingOne() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("moffset"),  // offset in the DAX window
            JAVA_LONG.withName("len")   // bytes
    ).withName("struct fuse_removemapping_one");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_MOFFSET = LAYOUT.byteOffset(groupElement("moffset"));
    public static final long OFFSET_LEN = LAYOUT.byteOffset(groupElement("len"));
}
