package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_notify_inval_entry_out}: FUSE_NOTIFY_INVAL_ENTRY: drop a cached name; the name follows. */
public final class FuseNotifyInvalEntryOut {
    private FuseNotifyInvalEntryOut() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("parent"),  // directory node id
            JAVA_INT.withName("namelen"),  // name length
            JAVA_INT.withName("flags")   // FUSE_EXPIRE_ONLY
    ).withName("struct fuse_notify_inval_entry_out");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_PARENT = LAYOUT.byteOffset(groupElement("parent"));
    public static final long OFFSET_NAMELEN = LAYOUT.byteOffset(groupElement("namelen"));
    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
}
