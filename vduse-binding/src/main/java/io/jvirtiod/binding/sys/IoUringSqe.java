package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct io_uring_sqe}: one submission. Only the members an IORING_OP_URING_CMD uses are named apart;
 * the unions are bound by their first member. With IORING_SETUP_SQE128 an SQE is twice this size and
 * {@code cmd} (offset 48) holds 80 bytes of command data.
 */
public final class IoUringSqe {
    private IoUringSqe() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_BYTE.withName("opcode"),        // IORING_OP_*
            JAVA_BYTE.withName("flags"),         // IOSQE_*
            JAVA_SHORT.withName("ioprio"),
            JAVA_INT.withName("fd"),             // the file the command goes to
            MemoryLayout.unionLayout(
                    JAVA_LONG.withName("off"),
                    MemoryLayout.structLayout(
                            JAVA_INT.withName("cmd_op"),  // URING_CMD: the driver's command code
                            JAVA_INT.withName("__pad1"))),
            JAVA_LONG.withName("addr"),          // buffer or iovec array
            JAVA_INT.withName("len"),            // bytes or iovec count
            JAVA_INT.withName("uring_cmd_flags"),
            JAVA_LONG.withName("user_data"),     // returned in the CQE
            JAVA_SHORT.withName("buf_index"),
            JAVA_SHORT.withName("personality"),
            JAVA_INT.withName("file_index"),
            MemoryLayout.unionLayout(
                    JAVA_LONG.withName("addr3"),
                    MemoryLayout.sequenceLayout(0, JAVA_BYTE).withName("cmd")) // SQE128: 80 command bytes
                    .withByteAlignment(8),
            JAVA_LONG.withName("__pad2")
    ).withName("struct io_uring_sqe");

    /** The size of a 128-byte SQE (IORING_SETUP_SQE128). */
    public static final long SIZE128 = 2 * LAYOUT.byteSize();
    public static final long OFFSET_OPCODE = LAYOUT.byteOffset(groupElement("opcode"));
    public static final long OFFSET_FD = LAYOUT.byteOffset(groupElement("fd"));
    public static final long OFFSET_CMD_OP = 8;   // union { off; struct { cmd_op; __pad1; } }
    public static final long OFFSET_ADDR = LAYOUT.byteOffset(groupElement("addr"));
    public static final long OFFSET_LEN = LAYOUT.byteOffset(groupElement("len"));
    public static final long OFFSET_USER_DATA = LAYOUT.byteOffset(groupElement("user_data"));
    public static final long OFFSET_CMD = 48;      // union { addr3; cmd[] }
    /** Command bytes an SQE128 holds from {@link #OFFSET_CMD}. */
    public static final long CMD_SIZE = SIZE128 - OFFSET_CMD;
}
