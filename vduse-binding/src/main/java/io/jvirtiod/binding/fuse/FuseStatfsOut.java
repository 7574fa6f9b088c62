package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/** {@code struct fuse_statfs_out}: The reply to STATFS. */
public final class FuseStatfsOut {
    private FuseStatfsOut() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            FuseKstatfs.LAYOUT.withName("st")   // the statistics
    ).withName("struct fuse_statfs_out");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_ST = LAYOUT.byteOffset(groupElement("st"));
}
