package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code struct fuse_batch_forget_in}: BATCH_FORGET's header, followed by count fuse_forget_one entries. */
public final class FuseBatchForgetIn {
    private FuseBatchForgetIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("count"),  // entries that follow
            JAVA_INT.withName("dummy")   // unused
    ).withName("struct fuse_batch_forget_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_COUNT = LAYOUT.byteOffset(groupElement("count"));
    public static final long OFFSET_DUMMY = LAYOUT.byteOffset(groupElement("dummy"));
}
