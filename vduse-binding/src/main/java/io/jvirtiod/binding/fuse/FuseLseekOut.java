package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_lseek_out}: The reply to LSEEK. */
public final class FuseLseekOut {
    private FuseLseekOut() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("offset")   // resulting offset
    ).withName("struct fuse_lseek_out");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_OFFSET = LAYOUT.byteOffset(groupElement("offset"));
}
