package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/** {@code struct fuse_lk_out}: The reply to GETLK: the conflicting lock, or F_UNLCK. */
public final class FuseLkOut {
    private FuseLkOut() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            FuseFileLock.LAYOUT.withName("lk")   // the lock
    ).withName("struct fuse_lk_out");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_LK = LAYOUT.byteOffset(groupElement("lk"));
}
