package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_forget_one}: One entry of BATCH_FORGET. */
public final class FuseForgetOne {
    private FuseForgetOne() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("nodeid"),  // node to forget
            JAVA_LONG.withName("nlookup")   // lookup count to drop
    ).withName("struct fuse_forget_one");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_NODEID = LAYOUT.byteOffset(groupElement("nodeid"));
    public static final long OFFSET_NLOOKUP = LAYOUT.byteOffset(groupElement("nlookup"));
}
