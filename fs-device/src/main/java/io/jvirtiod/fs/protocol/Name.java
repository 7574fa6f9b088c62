package io.jvirtiod.fs.protocol;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * A NUL-terminated name inside a request (a path component, a symlink target, an xattr name), as a flyweight:
 * the decoder has already checked that the terminating NUL lies within the request, so {@link #segment()} at
 * {@link #offset()} is a valid C string that can go to openat/mkdirat/... without a copy.
 */
public final class Name {
    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int length;

    /** Points this flyweight at {@code length} bytes at {@code offset}, followed by a NUL. */
    public Name wrap(MemorySegment segment, long offset, int length) {
        this.segment = segment;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** The request segment holding the name. */
    public MemorySegment segment() {
        return segment;
    }

    /** Where the name starts in {@link #segment()}; a NUL follows its last byte. */
    public long offset() {
        return offset;
    }

    /** Length in bytes, without the NUL. */
    public int length() {
        return length;
    }

    /**
     * The name with its NUL as a segment of its own, to pass as a {@code const char *} (a slice: the JIT
     * usually removes the allocation when the call inlines).
     */
    public MemorySegment cString() {
        return segment.asSlice(offset, length + 1L);
    }

    public byte byteAt(int i) {
        if (i < 0 || i >= length) throw new IndexOutOfBoundsException("byte " + i + " of a " + length + "-byte name");
        return segment.get(JAVA_BYTE, offset + i);
    }

    /** True for "." */
    public boolean isDot() {
        return length == 1 && byteAt(0) == '.';
    }

    /** True for ".." */
    public boolean isDotDot() {
        return length == 2 && byteAt(0) == '.' && byteAt(1) == '.';
    }

    /** True if the name contains {@code b}. */
    public boolean contains(byte b) {
        for (int i = 0; i < length; i++) if (segment.get(JAVA_BYTE, offset + i) == b) return true;
        return false;
    }

    /** Compares with an ASCII/UTF-8 string without allocating for the common ASCII case. */
    public boolean contentEquals(String s) {
        if (s.length() != length) {
            return new String(toBytes(), StandardCharsets.UTF_8).equals(s);
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) return new String(toBytes(), StandardCharsets.UTF_8).equals(s);
            if (segment.get(JAVA_BYTE, offset + i) != (byte) c) return false;
        }
        return true;
    }

    /** A copy of the bytes (allocates: for tests, logs and slow paths). */
    public byte[] toBytes() {
        byte[] b = new byte[length];
        MemorySegment.copy(segment, JAVA_BYTE, offset, b, 0, length);
        return b;
    }

    /** The name decoded as UTF-8 (allocates). */
    @Override
    public String toString() {
        return new String(toBytes(), StandardCharsets.UTF_8);
    }
}
