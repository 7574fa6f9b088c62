package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * {@code struct fuse_uring_req_header} (7.42): the header buffer (iov[0]) of one FUSE-over-io_uring ring entry.
 * The kernel writes a request's fuse_in_header into in_out and its per-opcode struct into op_in, and the rest
 * of the request (names, WRITE data) into the entry's separate payload buffer; the daemon answers with its
 * fuse_out_header in in_out and every reply argument in the payload buffer.
 */
public final class FuseUringReqHeader {
    private FuseUringReqHeader() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(FuseH.FUSE_URING_IN_OUT_HEADER_SZ, JAVA_BYTE).withName("in_out"), // in/out header
            MemoryLayout.sequenceLayout(FuseH.FUSE_URING_OP_IN_OUT_SZ, JAVA_BYTE).withName("op_in"),      // opcode's in struct
            FuseUringEntInOut.LAYOUT.withName("ring_ent_in_out")                                          // ids and sizes
    ).withName("struct fuse_uring_req_header");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_IN_OUT = LAYOUT.byteOffset(groupElement("in_out"));
    public static final long OFFSET_OP_IN = LAYOUT.byteOffset(groupElement("op_in"));
    public static final long OFFSET_RING_ENT_IN_OUT = LAYOUT.byteOffset(groupElement("ring_ent_in_out"));
}
