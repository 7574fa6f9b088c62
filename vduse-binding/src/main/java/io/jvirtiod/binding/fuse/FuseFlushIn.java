package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_flush_in}: FLUSH's argument. */
public final class FuseFlushIn {
    private FuseFlushIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("fh"),  // file handle
            JAVA_INT.withName("unused"),  // unused
            JAVA_INT.withName("padding"),  // unused
            JAVA_LONG.withName("lock_owner")   // owner of POSIX locks to drop
    ).withName("struct fuse_flush_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_FH = LAYOUT.byteOffset(groupElement("fh"));
    public static final long OFFSET_UNUSED = LAYOUT.byteOffset(groupElement("unused"));
    public static final long OFFSET_PADDING = LAYOUT.byteOffset(groupElement("padding"));
    public static final long OFFSET_LOCK_OWNER = LAYOUT.byteOffset(groupElement("lock_owner"));
}
