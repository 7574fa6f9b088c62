package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_syncfs_in}: SYNCFS's argument. */
public final class FuseSyncfsIn {
    private FuseSyncfsIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("padding")   // unused
    ).withName("struct fuse_syncfs_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_PADDING = LAYOUT.byteOffset(groupElement("padding"));
}
