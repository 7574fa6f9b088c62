package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code struct fuse_poll_out}: The reply to POLL. */
public final class FusePollOut {
    private FusePollOut() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("revents"),  // ready events
            JAVA_INT.withName("padding")   // zero
    ).withName("struct fuse_poll_out");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_REVENTS = LAYOUT.byteOffset(groupElement("revents"));
    public static final long OFFSET_PADDING = LAYOUT.byteOffset(groupElement("padding"));
}
