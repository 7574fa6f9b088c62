package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_notify_inval_inode_out}: FUSE_NOTIFY_INVAL_INODE: drop cached attributes and data of a range. */
public final class FuseNotifyInvalInodeOut {
    private FuseNotifyInvalInodeOut() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("ino"),  // node id
            JAVA_LONG.withName("off"),  // first byte (negative: attributes only)
            JAVA_LONG.withName("len")   // bytes (0: to end)
    ).withName("struct fuse_notify_inval_inode_out");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_INO = LAYOUT.byteOffset(groupElement("ino"));
    public static final long OFFSET_OFF = LAYOUT.byteOffset(groupElement("off"));
    public static final long OFFSET_LEN = LAYOUT.byteOffset(groupElement("len"));
}
