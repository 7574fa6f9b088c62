package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_poll_in}: POLL's argument. */
public final class FusePollIn {
    private FusePollIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("fh"),  // file handle
            JAVA_LONG.withName("kh"),  // kernel poll handle
            JAVA_INT.withName("flags"),  // FUSE_POLL_SCHEDULE_NOTIFY
            JAVA_INT.withName("events")   // poll events
    ).withName("struct fuse_poll_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_FH = LAYOUT.byteOffset(groupElement("fh"));
    public static final long OFFSET_KH = LAYOUT.byteOffset(groupElement("kh"));
    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long OFFSET_EVENTS = LAYOUT.byteOffset(groupElement("events"));
}
