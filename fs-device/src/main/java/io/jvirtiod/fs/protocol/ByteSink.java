package io.jvirtiod.fs.protocol;

import java.lang.foreign.MemorySegment;

/**
 * The body of a READLINK, GETXATTR or LISTXATTR reply being built: up to {@link #capacity()} bytes at
 * {@link #offset()} of {@link #segment()}. A file system writes there (e.g. readlinkat or fgetxattr straight
 * into the reply buffer) and returns how many bytes the value has. For GETXATTR/LISTXATTR with capacity 0
 * the kernel asks for the size only: return it without writing.
 */
public final class ByteSink {
    private MemorySegment s = MemorySegment.NULL;
    private long at;
    private int capacity;

    public ByteSink wrap(MemorySegment segment, long offset, int capacity) {
        if (offset < 0 || capacity < 0 || offset > segment.byteSize() - capacity) {
            throw new IllegalArgumentException("byte body [" + offset + ", +" + capacity + ") is outside a "
                    + segment.byteSize() + "-byte reply buffer");
        }
        this.s = segment;
        this.at = offset;
        this.capacity = capacity;
        return this;
    }

    public MemorySegment segment() {
        return s;
    }

    public long offset() {
        return at;
    }

    /** Most bytes the reply may carry (the caller's buffer size). */
    public int capacity() {
        return capacity;
    }

    /** The writable region as its own segment (allocates a slice: for slow paths). */
    public MemorySegment asSegment() {
        return s.asSlice(at, capacity);
    }

    /** Copies {@code len} bytes of {@code src} to the start of the body; returns {@code len}. */
    public int put(MemorySegment src, long srcOffset, int len) {
        if (len < 0 || len > capacity) {
            throw new IllegalArgumentException(len + " bytes do not fit a " + capacity + "-byte reply body");
        }
        MemorySegment.copy(src, srcOffset, s, at, len);
        return len;
    }

    /** Copies bytes; returns their count. */
    public int put(byte[] src) {
        return put(MemorySegment.ofArray(src), 0, src.length);
    }
}
