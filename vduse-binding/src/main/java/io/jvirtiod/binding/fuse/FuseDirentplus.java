package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/** {@code struct fuse_direntplus}: One READDIRPLUS entry: an entry reply and a dirent. */
public final class FuseDirentplus {
    private FuseDirentplus() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            FuseEntryOut.LAYOUT.withName("entry_out"),  // as LOOKUP replies
            FuseDirent.LAYOUT.withName("dirent")   // the dirent
    ).withName("struct fuse_direntplus");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_ENTRY_OUT = LAYOUT.byteOffset(groupElement("entry_out"));
    public static final long OFFSET_DIRENT = LAYOUT.byteOffset(groupElement("dirent"));
}
