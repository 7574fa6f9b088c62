package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_notify_retrieve_in}: NOTIFY_REPLY's argument (the size of fuse_write_in), followed by the retrieved data. */
public final class FuseNotifyRetrieveIn {
    private FuseNotifyRetrieveIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("dummy1"),  // unused
            JAVA_LONG.withName("offset"),  // file offset
            JAVA_INT.withName("size"),  // bytes that follow
            JAVA_INT.withName("dummy2"),  // unused
            JAVA_LONG.withName("dummy3"),  // unused
            JAVA_LONG.withName("dummy4")   // unused
    ).withName("struct fuse_notify_retrieve_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_DUMMY1 = LAYOUT.byteOffset(groupElement("dummy1"));
    public static final long OFFSET_OFFSET = LAYOUT.byteOffset(groupElement("offset"));
    public static final long OFFSET_SIZE = LAYOUT.byteOffset(groupElement("size"));
    public static final long OFFSET_DUMMY2 = LAYOUT.byteOffset(groupElement("dummy2"));
    public static final long OFFSET_DUMMY3 = LAYOUT.byteOffset(groupElement("dummy3"));
    public static final long OFFSET_DUMMY4 = LAYOUT.byteOffset(groupElement("dummy4"));
}
