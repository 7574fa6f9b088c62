package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.sys.Iovec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * A list of byte ranges in native memory, kept both as (segment, offset, length) triples for Java-side copies
 * and as a native {@code struct iovec} array for preadv/pwritev, so that file data moves between a file and
 * wherever the transport keeps it (a /dev/fuse buffer, guest memory behind virtio descriptors) without a copy.
 *
 * <p>Why triples and not slices: a slice is an object per range per request; the triple arrays are filled in
 * place, so describing a request's buffers allocates nothing. Every range is bounds-checked against its
 * segment when added, so the iovec array never points outside memory the transport owns.
 */
public abstract sealed class ScatterList permits ReadSink, WriteSource {
    private final MemorySegment[] segments;
    private final long[] offsets;
    private final long[] lengths;
    private final MemorySegment iov;
    private int count;
    private long total;

    protected ScatterList(Arena arena, int maxRanges) {
        if (maxRanges < 1 || maxRanges > 1024) {
            throw new IllegalArgumentException("a scatter list holds 1..1024 ranges (IOV_MAX), not " + maxRanges);
        }
        segments = new MemorySegment[maxRanges];
        offsets = new long[maxRanges];
        lengths = new long[maxRanges];
        iov = arena.allocate(Iovec.LAYOUT, maxRanges);
    }

    /** Empties the list (ranges are forgotten, memory is untouched). */
    public final void clear() {
        for (int i = 0; i < count; i++) segments[i] = null;
        count = 0;
        total = 0;
    }

    /**
     * Appends {@code length} bytes of native segment {@code base} starting at {@code offset}.
     *
     * @throws IllegalArgumentException if the range is outside {@code base}, {@code base} is not native,
     *                                  or the list is full
     */
    public final void add(MemorySegment base, long offset, long length) {
        if (!base.isNative()) throw new IllegalArgumentException("scatter list ranges must be native memory");
        if (offset < 0 || length < 0 || offset > base.byteSize() - length) {
            throw new IllegalArgumentException("range [" + offset + ", +" + length + ") is outside a segment of "
                    + base.byteSize() + " bytes");
        }
        if (count == segments.length) {
            throw new IllegalArgumentException("scatter list is full (" + segments.length + " ranges)");
        }
        if (length == 0) return;
        segments[count] = base;
        offsets[count] = offset;
        lengths[count] = length;
        long at = count * Iovec.SIZE;
        iov.set(JAVA_LONG_UNALIGNED, at + Iovec.OFFSET_IOV_BASE, base.address() + offset);
        iov.set(JAVA_LONG_UNALIGNED, at + Iovec.OFFSET_IOV_LEN, length);
        count++;
        total += length;
    }

    /**
     * Shortens the list to its first {@code bytes} bytes (dropping or trimming trailing ranges), e.g. to the
     * size a READ asked for when the transport offered more room.
     */
    public final void truncate(long bytes) {
        if (bytes < 0 || bytes > total) {
            throw new IllegalArgumentException("cannot truncate a scatter list of " + total + " bytes to " + bytes);
        }
        long left = bytes;
        int i = 0;
        for (; i < count && left > 0; i++) {
            if (lengths[i] > left) {
                lengths[i] = left;
                iov.set(JAVA_LONG_UNALIGNED, i * Iovec.SIZE + Iovec.OFFSET_IOV_LEN, left);
            }
            left -= lengths[i];
        }
        for (int j = i; j < count; j++) segments[j] = null;
        count = i;
        total = bytes;
    }

    /** Number of ranges. */
    public final int count() {
        return count;
    }

    /** Total bytes over all ranges. */
    public final long size() {
        return total;
    }

    /** The native iovec array ({@link #count()} entries) for preadv/pwritev/readv/writev. */
    public final MemorySegment iovecs() {
        return iov;
    }

    public final MemorySegment segment(int i) {
        check(i);
        return segments[i];
    }

    public final long offset(int i) {
        check(i);
        return offsets[i];
    }

    public final long length(int i) {
        check(i);
        return lengths[i];
    }

    private void check(int i) {
        if (i < 0 || i >= count) throw new IndexOutOfBoundsException("range " + i + " of " + count);
    }

    /** Copies between this list at byte {@code pos} and {@code other} (direction by {@code into}). */
    final void copy(long pos, MemorySegment other, long otherOffset, long len, boolean into) {
        if (pos < 0 || len < 0 || pos > total - len) {
            throw new IndexOutOfBoundsException("bytes [" + pos + ", +" + len + ") of a " + total + "-byte list");
        }
        int i = 0;
        long skip = pos;
        while (i < count && skip >= lengths[i]) skip -= lengths[i++];
        while (len > 0) {
            long n = Math.min(len, lengths[i] - skip);
            if (into) MemorySegment.copy(other, otherOffset, segments[i], offsets[i] + skip, n);
            else MemorySegment.copy(segments[i], offsets[i] + skip, other, otherOffset, n);
            otherOffset += n;
            len -= n;
            skip = 0;
            i++;
        }
    }
}
