package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct io_uring_cqe}: one completion, the SQE's user_data and its result (-errno on failure). */
public final class IoUringCqe {
    private IoUringCqe() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("user_data"),  // as submitted
            JAVA_INT.withName("res"),         // result or -errno
            JAVA_INT.withName("flags")        // IORING_CQE_F_*
    ).withName("struct io_uring_cqe");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_USER_DATA = LAYOUT.byteOffset(groupElement("user_data"));
    public static final long OFFSET_RES = LAYOUT.byteOffset(groupElement("res"));
}
