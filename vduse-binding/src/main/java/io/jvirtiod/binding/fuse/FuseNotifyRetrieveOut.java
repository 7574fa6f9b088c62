package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_notify_retrieve_out}: FUSE_NOTIFY_RETRIEVE: ask the kernel to send back cached data. */
public final class FuseNotifyRetrieveOut {
    private FuseNotifyRetrieveOut() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("notify_unique"),  // id echoed in the NOTIFY_REPLY
            JAVA_LONG.withName("nodeid"),  // node id
            JAVA_LONG.withName("offset"),  // file offset
            JAVA_INT.withName("size"),  // bytes wanted
            JAVA_INT.withName("padding")   // zero
    ).withName("struct fuse_notify_retrieve_out");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_NOTIFY_UNIQUE = LAYOUT.byteOffset(groupElement("notify_unique"));
    public static final long OFFSET_NODEID = LAYOUT.byteOffset(groupElement("nodeid"));
    public static final long OFFSET_OFFSET = LAYOUT.byteOffset(groupElement("offset"));
    public static final long OFFSET_SIZE = LAYOUT.byteOffset(groupElement("size"));
    public static final long OFFSET_PADDING = LAYOUT.byteOffset(groupElement("padding"));
}
