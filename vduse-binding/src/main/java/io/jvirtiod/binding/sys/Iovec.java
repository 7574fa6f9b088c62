package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct iovec} (sys/uio.h): one buffer of a scatter/gather list for readv/writev and sendmsg. */
public final class Iovec {
    private Iovec() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ADDRESS.withName("iov_base"),   // start of the buffer
            JAVA_LONG.withName("iov_len")   // its length in bytes
    ).withName("struct iovec");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_IOV_BASE = LAYOUT.byteOffset(groupElement("iov_base"));
    public static final long OFFSET_IOV_LEN = LAYOUT.byteOffset(groupElement("iov_len"));

    /** Fills entry {@code index} of an iovec array with the address and size of {@code buf}. */
    public static void set(MemorySegment array, int index, MemorySegment buf) {
        long at = index * SIZE;
        array.set(ADDRESS, at + OFFSET_IOV_BASE, buf);
        array.set(JAVA_LONG, at + OFFSET_IOV_LEN, buf.byteSize());
    }

    /** Fills entry {@code index} with a raw address and length (for guest memory already bounds-checked). */
    public static void set(MemorySegment array, int index, long address, long length) {
        long at = index * SIZE;
        array.set(JAVA_LONG, at + OFFSET_IOV_BASE, address);
        array.set(JAVA_LONG, at + OFFSET_IOV_LEN, length);
    }

    static void checkArray(MemorySegment iov, int count) {
        if (count < 0 || count > UioH.IOV_MAX || count * SIZE > iov.byteSize()) {
            throw new IllegalArgumentException("iovec count " + count + " does not fit an array of "
                    + iov.byteSize() + " bytes (IOV_MAX is 1024)");
        }
    }
}
