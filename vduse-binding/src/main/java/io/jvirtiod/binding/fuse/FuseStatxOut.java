package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_statx_out}: The reply to STATX (7.39). */
public final class FuseStatxOut {
    private FuseStatxOut() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("attr_valid"),  // attribute cache timeout, seconds
            JAVA_INT.withName("attr_valid_nsec"),  // nanoseconds
            JAVA_INT.withName("flags"),  // zero
            MemoryLayout.sequenceLayout(2, JAVA_LONG).withName("spare"),  // zero
            FuseStatx.LAYOUT.withName("stat")   // the attributes
    ).withName("struct fuse_statx_out");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_ATTR_VALID = LAYOUT.byteOffset(groupElement("attr_valid"));
    public static final long OFFSET_ATTR_VALID_NSEC = LAYOUT.byteOffset(groupElement("attr_valid_nsec"));
    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long OFFSET_SPARE = LAYOUT.byteOffset(groupElement("spare"));
    public static final long OFFSET_STAT = LAYOUT.byteOffset(groupElement("stat"));
}
