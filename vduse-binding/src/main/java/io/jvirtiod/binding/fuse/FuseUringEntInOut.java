package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct fuse_uring_ent_in_out} (7.42): the part of a FUSE-over-io_uring entry's header buffer that says
 * which request it carries (commit_id, the request's unique) and how many payload bytes the request or the reply
 * uses.
 */
public final class FuseUringEntInOut {
    private FuseUringEntInOut() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("flags"),      // zero
            JAVA_LONG.withName("commit_id"),  // the request's unique: the id to commit the reply with
            JAVA_INT.withName("payload_sz"),  // bytes of the payload buffer in use
            JAVA_INT.withName("padding"),
            JAVA_LONG.withName("reserved")
    ).withName("struct fuse_uring_ent_in_out");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long OFFSET_COMMIT_ID = LAYOUT.byteOffset(groupElement("commit_id"));
    public static final long OFFSET_PAYLOAD_SZ = LAYOUT.byteOffset(groupElement("payload_sz"));
}
