package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_rename2_in}: RENAME2's argument (rename with RENAME_* flags), followed by the old and new names. */
public final class FuseRename2In {
    private FuseRename2In() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("newdir"),  // node id of the target directory
            JAVA_INT.withName("flags"),  // RENAME_NOREPLACE/EXCHANGE/WHITEOUT
            JAVA_INT.withName("padding")   // unused
    ).withName("struct fuse_rename2_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_NEWDIR = LAYOUT.byteOffset(groupElement("newdir"));
    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long OFFSET_PADDING = LAYOUT.byteOffset(groupElement("padding"));
}
