package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code struct fuse_init_in}: INIT's argument: the kernel's protocol version, offered flags and read-ahead. */
public final class FuseInitIn {
    private FuseInitIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("major"),  // kernel major version (7)
            JAVA_INT.withName("minor"),  // kernel minor version
            JAVA_INT.withName("max_readahead"),  // kernel's read-ahead
            JAVA_INT.withName("flags"),  // offered FUSE_* flags, bits 0..31
            JAVA_INT.withName("flags2"),  // offered flags, bits 32..63 (FUSE_INIT_EXT)
            MemoryLayout.sequenceLayout(11, JAVA_INT).withName("unused")   // zero
    ).withName("struct fuse_init_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_MAJOR = LAYOUT.byteOffset(groupElement("major"));
    public static final long OFFSET_MINOR = LAYOUT.byteOffset(groupElement("minor"));
    public static final long OFFSET_MAX_READAHEAD = LAYOUT.byteOffset(groupElement("max_readahead"));
    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long OFFSET_FLAGS2 = LAYOUT.byteOffset(groupElement("flags2"));
    public static final long OFFSET_UNUSED = LAYOUT.byteOffset(groupElement("unused"));
}
