package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_out_header}: The header of every reply and notification. */
public final class FuseOutHeader {
    private FuseOutHeader() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("len"),  // total reply length including this header
            JAVA_INT.withName("error"),  // 0 or a negative errno; notification code if unique is 0
            JAVA_LONG.withName("unique")   // the request's id, 0 for notifications
    ).withName("struct fuse_out_header");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_LEN = LAYOUT.byteOffset(groupElement("len"));
    public static final long OFFSET_ERROR = LAYOUT.byteOffset(groupElement("error"));
    public static final long OFFSET_UNIQUE = LAYOUT.byteOffset(groupElement("unique"));
}
