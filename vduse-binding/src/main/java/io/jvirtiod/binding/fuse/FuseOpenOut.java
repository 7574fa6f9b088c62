package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct jvirtiod_fuse_open_out}: The reply to OPEN, OPENDIR and the second part of CREATE's reply, in its 7.40 shape (with backing_id for FOPEN_PASSTHROUGH). fuse_ext.h asserts it has struct fuse_open_out's layout. */
public final class FuseOpenOut {
    private FuseOpenOut() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("fh"),  // file handle chosen by the server
            JAVA_INT.withName("open_flags"),  // FOPEN_* flags
            JAVA_INT.withName("backing_id")   // FOPEN_PASSTHROUGH backing file id (7.40; padding before)
    ).withName("struct jvirtiod_fuse_open_out");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_FH = LAYOUT.byteOffset(groupElement("fh"));
    public static final long OFFSET_OPEN_FLAGS = LAYOUT.byteOffset(groupElement("open_flags"));
    public static final long OFFSET_BACKING_ID = LAYOUT.byteOffset(groupElement("backing_id"));
}
