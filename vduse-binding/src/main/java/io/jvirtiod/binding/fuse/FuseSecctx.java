package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code struct fuse_secctx}: One security context of the FUSE_SECURITY_CTX extension; name and label follow. */
public final class FuseSecctx {
    private FuseSecctx() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("size"),  // size of the context label
            JAVA_INT.withName("padding")   // unused
    ).withName("struct fuse_secctx");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_SIZE = LAYOUT.byteOffset(groupElement("size"));
    public static final long OFFSET_PADDING = LAYOUT.byteOffset(groupElement("padding"));
}
