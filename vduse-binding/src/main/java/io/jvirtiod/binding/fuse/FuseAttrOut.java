package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_attr_out}: The reply to GETATTR and SETATTR. */
public final class FuseAttrOut {
    private FuseAttrOut() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("attr_valid"),  // attribute cache timeout, seconds
            JAVA_INT.withName("attr_valid_nsec"),  // nanoseconds of attr_valid
            JAVA_INT.withName("dummy"),  // zero
            FuseAttr.LAYOUT.withName("attr")   // the attributes
    ).withName("struct fuse_attr_out");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_ATTR_VALID = LAYOUT.byteOffset(groupElement("attr_valid"));
    public static final long OFFSET_ATTR_VALID_NSEC = LAYOUT.byteOffset(groupElement("attr_valid_nsec"));
    public static final long OFFSET_DUMMY = LAYOUT.byteOffset(groupElement("dummy"));
    public static final long OFFSET_ATTR = LAYOUT.byteOffset(groupElement("attr"));
}
