package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct fuse_uring_cmd_req} (7.42): the command area of an IORING_OP_URING_CMD sent to /dev/fuse
 * (sqe->cmd, so the ring needs 128-byte SQEs): which queue an entry belongs to and, on commit, which request the
 * reply answers.
 */
public final class FuseUringCmdReq {
    private FuseUringCmdReq() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("flags"),      // zero
            JAVA_LONG.withName("commit_id"),  // COMMIT_AND_FETCH: the unique being answered
            JAVA_SHORT.withName("qid"),       // queue = CPU number
            MemoryLayout.sequenceLayout(6, JAVA_BYTE).withName("padding")
    ).withName("struct fuse_uring_cmd_req");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long OFFSET_COMMIT_ID = LAYOUT.byteOffset(groupElement("commit_id"));
    public static final long OFFSET_QID = LAYOUT.byteOffset(groupElement("qid"));
}
