package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_forget_in}: FORGET's argument: how many lookups of the node the kernel drops. */
public final class FuseForgetIn {
    private FuseForgetIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("nlookup")   // lookup count to drop
    ).withName("struct fuse_forget_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_NLOOKUP = LAYOUT.byteOffset(groupElement("nlookup"));
}
