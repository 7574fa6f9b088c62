package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct cmsghdr} (sys/socket.h) and the CMSG_* macro arithmetic, done in Java with glibc's rules (lengths
 * aligned to sizeof(size_t)), so ancillary data can be built and walked inside a bounds-checked segment instead
 * of with raw pointers. Checked against the C macros by a gcc probe in the tests.
 */
public final class CmsgHdr {
    private CmsgHdr() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("cmsg_len"),                                    // CMSG_LEN(data bytes)
            JAVA_INT.withName("cmsg_level"),                                   // SOL_SOCKET for SCM_RIGHTS
            JAVA_INT.withName("cmsg_type"),                                    // SCM_RIGHTS, SCM_CREDENTIALS
            MemoryLayout.sequenceLayout(0, JAVA_BYTE).withName("__cmsg_data")  // the data (flexible array)
    ).withName("struct cmsghdr");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_CMSG_LEN = LAYOUT.byteOffset(groupElement("cmsg_len"));
    public static final long OFFSET_CMSG_LEVEL = LAYOUT.byteOffset(groupElement("cmsg_level"));
    public static final long OFFSET_CMSG_TYPE = LAYOUT.byteOffset(groupElement("cmsg_type"));

    /** CMSG_ALIGN(len): rounded up to a multiple of sizeof(size_t). */
    public static long align(long len) {
        return (len + JAVA_LONG.byteSize() - 1) & ~(JAVA_LONG.byteSize() - 1);
    }

    /** CMSG_LEN(len): the cmsg_len of a message with {@code len} data bytes. */
    public static long len(long len) {
        return align(SIZE) + len;
    }

    /** CMSG_SPACE(len): the control buffer bytes a message with {@code len} data bytes takes, padding included. */
    public static long space(long len) {
        return align(len) + align(SIZE);
    }

    /** Offset of the data from the header (CMSG_DATA(cmsg) - cmsg). */
    public static long dataOffset() {
        return align(SIZE);
    }

    public static long cmsg_len(MemorySegment s) { return s.get(JAVA_LONG, OFFSET_CMSG_LEN); }
    public static void cmsg_len(MemorySegment s, long v) { s.set(JAVA_LONG, OFFSET_CMSG_LEN, v); }
    public static int cmsg_level(MemorySegment s) { return s.get(JAVA_INT, OFFSET_CMSG_LEVEL); }
    public static void cmsg_level(MemorySegment s, int v) { s.set(JAVA_INT, OFFSET_CMSG_LEVEL, v); }
    public static int cmsg_type(MemorySegment s) { return s.get(JAVA_INT, OFFSET_CMSG_TYPE); }
    public static void cmsg_type(MemorySegment s, int v) { s.set(JAVA_INT, OFFSET_CMSG_TYPE, v); }
}
