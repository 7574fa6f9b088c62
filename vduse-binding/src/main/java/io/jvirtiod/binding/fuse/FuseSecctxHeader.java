package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code struct fuse_secctx_header}: The FUSE_SECURITY_CTX extension header, compatible with fuse_ext_header. */
public final class FuseSecctxHeader {
    private FuseSecctxHeader() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("size"),  // total size including this header
            JAVA_INT.withName("nr_secctx")   // contexts that follow
    ).withName("struct fuse_secctx_header");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_SIZE = LAYOUT.byteOffset(groupElement("size"));
    public static final long OFFSET_NR_SECCTX = LAYOUT.byteOffset(groupElement("nr_secctx"));
}
