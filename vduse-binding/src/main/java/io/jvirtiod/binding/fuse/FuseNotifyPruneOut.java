package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_notify_prune_out}: FUSE_NOTIFY_PRUNE (7.45): ask the kernel to evict unused inodes; count node ids follow. */
public final class FuseNotifyPruneOut {
    private FuseNotifyPruneOut() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("count"),  // node ids that follow
            JAVA_INT.withName("padding"),  // zero
            JAVA_LONG.withName("spare")   // zero
    ).withName("struct fuse_notify_prune_out");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_COUNT = LAYOUT.byteOffset(groupElement("count"));
    public static final long OFFSET_PADDING = LAYOUT.byteOffset(groupElement("padding"));
    public static final long OFFSET_SPARE = LAYOUT.byteOffset(groupElement("spare"));
}
