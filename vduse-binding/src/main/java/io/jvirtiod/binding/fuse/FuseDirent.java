package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_dirent}: One READDIR entry; the name follows at offset FUSE_NAME_OFFSET, and the record is padded to 8 bytes. */
public final class FuseDirent {
    private FuseDirent() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("ino"),  // inode number
            JAVA_LONG.withName("off"),  // offset of the next entry
            JAVA_INT.withName("namelen"),  // name length
            JAVA_INT.withName("type")   // DT_* type
    ).withName("struct fuse_dirent");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_INO = LAYOUT.byteOffset(groupElement("ino"));
    public static final long OFFSET_OFF = LAYOUT.byteOffset(groupElement("off"));
    public static final long OFFSET_NAMELEN = LAYOUT.byteOffset(groupElement("namelen"));
    public static final long OFFSET_TYPE = LAYOUT.byteOffset(groupElement("type"));
}
