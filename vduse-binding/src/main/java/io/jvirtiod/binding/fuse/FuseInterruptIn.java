package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_interrupt_in}: INTERRUPT's argument: the unique id of the request to interrupt. */
public final class FuseInterruptIn {
    private FuseInterruptIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("unique")   // request to interrupt
    ).withName("struct fuse_interrupt_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_UNIQUE = LAYOUT.byteOffset(groupElement("unique"));
}
