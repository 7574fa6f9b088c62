package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_link_in}: LINK's argument, followed by the new name. */
public final class FuseLinkIn {
    private FuseLinkIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("oldnodeid")   // node to link
    ).withName("struct fuse_link_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_OLDNODEID = LAYOUT.byteOffset(groupElement("oldnodeid"));
}
