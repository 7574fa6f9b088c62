package io.jvirtiod.fs.protocol;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * A reusable view of one FUSE struct at an offset of a request or reply segment (Agrona's flyweight pattern):
 * re-pointed with {@link #wrap} for each request instead of allocated. Accesses are unaligned-tolerant because
 * on virtio-fs the guest chooses where a request starts.
 *
 * @param <T> the concrete flyweight, so {@code wrap} chains
 */
public abstract class Flyweight<T extends Flyweight<T>> {
    private MemorySegment s = MemorySegment.NULL;
    private long at;

    /** Points this view at the struct starting at {@code offset} of {@code segment}. */
    @SuppressWarnings("unchecked")
    public T wrap(MemorySegment segment, long offset) {
        this.s = segment;
        this.at = offset;
        wrapped(segment, offset);
        return (T) this;
    }

    /** Hook for views holding nested views (an entry's attr). */
    void wrapped(MemorySegment segment, long offset) {}

    final long u64(long field) {
        return s.get(JAVA_LONG_UNALIGNED, at + field);
    }

    final int u32(long field) {
        return s.get(JAVA_INT_UNALIGNED, at + field);
    }

    final void u64(long field, long v) {
        s.set(JAVA_LONG_UNALIGNED, at + field, v);
    }

    final void u32(long field, int v) {
        s.set(JAVA_INT_UNALIGNED, at + field, v);
    }

    final void u16(long field, int v) {
        s.set(JAVA_SHORT_UNALIGNED, at + field, (short) v);
    }
}
