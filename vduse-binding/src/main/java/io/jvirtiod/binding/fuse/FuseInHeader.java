package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** {@code struct fuse_in_header}: The header of every request the kernel sends. */
public final class FuseInHeader {
    private FuseInHeader() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("len"),  // total request length including this header
            JAVA_INT.withName("opcode"),  // FUSE_* opcode
            JAVA_LONG.withName("unique"),  // request id, echoed in the reply
            JAVA_LONG.withName("nodeid"),  // node the request is about
            JAVA_INT.withName("uid"),  // caller's fsuid
            JAVA_INT.withName("gid"),  // caller's fsgid
            JAVA_INT.withName("pid"),  // caller's tgid
            JAVA_SHORT.withName("total_extlen"),  // length of extensions after the arguments, in 8-byte units
            JAVA_SHORT.withName("padding")   // unused
    ).withName("struct fuse_in_header");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_LEN = LAYOUT.byteOffset(groupElement("len"));
    public static final long OFFSET_OPCODE = LAYOUT.byteOffset(groupElement("opcode"));
    public static final long OFFSET_UNIQUE = LAYOUT.byteOffset(groupElement("unique"));
    public static final long OFFSET_NODEID = LAYOUT.byteOffset(groupElement("nodeid"));
    public static final long OFFSET_UID = LAYOUT.byteOffset(groupElement("uid"));
    public static final long OFFSET_GID = LAYOUT.byteOffset(groupElement("gid"));
    public static final long OFFSET_PID = LAYOUT.byteOffset(groupElement("pid"));
    public static final long OFFSET_TOTAL_EXTLEN = LAYOUT.byteOffset(groupElement("total_extlen"));
    public static final long OFFSET_PADDING = LAYOUT.byteOffset(groupElement("padding"));
}
