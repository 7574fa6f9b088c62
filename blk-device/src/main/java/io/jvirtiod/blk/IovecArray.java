package io.jvirtiod.blk;

import io.jvirtiod.binding.sys.Iovec;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Edits an iovec array in place: a virtio-blk request's data sits between a header and a status byte that may
 * share descriptors with it (virtio 1.2 §2.6.4: message framing is independent of descriptor boundaries), so the
 * device builds iovecs for the whole readable or writable part and trims the header off the front or the status
 * off the back. Allocation-free.
 */
final class IovecArray {
    private IovecArray() {}

    static long length(MemorySegment iov, int i) {
        return iov.get(JAVA_LONG, i * Iovec.SIZE + Iovec.OFFSET_IOV_LEN);
    }

    private static long base(MemorySegment iov, int i) {
        return iov.get(JAVA_LONG, i * Iovec.SIZE + Iovec.OFFSET_IOV_BASE);
    }

    /** Drops the first {@code bytes} bytes; returns the new entry count. The array must hold at least that many. */
    static int trimFront(MemorySegment iov, int count, long bytes) {
        int skip = 0;
        while (skip < count && bytes >= length(iov, skip) && bytes > 0) {
            bytes -= length(iov, skip);
            skip++;
        }
        if (skip > 0) {
            MemorySegment.copy(iov, skip * Iovec.SIZE, iov, 0, (count - skip) * Iovec.SIZE);
            count -= skip;
        }
        if (bytes > 0 && count > 0) Iovec.set(iov, 0, base(iov, 0) + bytes, length(iov, 0) - bytes);
        return count;
    }

    /** Drops the last {@code bytes} bytes; returns the new entry count. */
    static int trimBack(MemorySegment iov, int count, long bytes) {
        while (count > 0 && bytes > 0) {
            long len = length(iov, count - 1);
            if (bytes >= len) {
                bytes -= len;
                count--;
            } else {
                Iovec.set(iov, count - 1, base(iov, count - 1), len - bytes);
                bytes = 0;
            }
        }
        return count;
    }
}
