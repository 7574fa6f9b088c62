package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code struct fuse_removemapping_in}: REMOVEMAPPING's header, followed by count fuse_removemapping_one entries. */
public final class FuseRemovemappingIn {
    private FuseRemovemappingIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("count")   // entries that follow
    ).withName("struct fuse_removemapping_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_COUNT = LAYOUT.byteOffset(groupElement("count"));
}
