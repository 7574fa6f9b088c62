package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_lseek_in}: LSEEK's argument (SEEK_DATA/SEEK_HOLE). */
public final class FuseLseekIn {
    private FuseLseekIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("fh"),  // file handle
            JAVA_LONG.withName("offset"),  // start offset
            JAVA_INT.withName("whence"),  // SEEK_*
            JAVA_INT.withName("padding")   // unused
    ).withName("struct fuse_lseek_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_FH = LAYOUT.byteOffset(groupElement("fh"));
    public static final long OFFSET_OFFSET = LAYOUT.byteOffset(groupElement("offset"));
    public static final long OFFSET_WHENCE = LAYOUT.byteOffset(groupElement("whence"));
    public static final long OFFSET_PADDING = LAYOUT.byteOffset(groupElement("padding"));
}
