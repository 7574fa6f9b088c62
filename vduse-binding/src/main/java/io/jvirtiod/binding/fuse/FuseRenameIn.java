package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_rename_in}: RENAME's argument, followed by the old and new names. */
public final class FuseRenameIn {
    private FuseRenameIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("newdir")   // node id of the target directory
    ).withName("struct fuse_rename_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_NEWDIR = LAYOUT.byteOffset(groupElement("newdir"));
}
