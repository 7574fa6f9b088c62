package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseForgetOne;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/** BATCH_FORGET's entries as a flyweight: {@link #count()} (node id, lookup count) pairs, already bounds-checked. */
public final class ForgetBatch {
    private MemorySegment s = MemorySegment.NULL;
    private long at;
    private int count;

    public ForgetBatch wrap(MemorySegment segment, long offset, int count) {
        this.s = segment;
        this.at = offset;
        this.count = count;
        return this;
    }

    public int count() {
        return count;
    }

    public long nodeid(int i) {
        return s.get(JAVA_LONG_UNALIGNED, entry(i) + FuseForgetOne.OFFSET_NODEID);
    }

    public long nlookup(int i) {
        return s.get(JAVA_LONG_UNALIGNED, entry(i) + FuseForgetOne.OFFSET_NLOOKUP);
    }

    private long entry(int i) {
        if (i < 0 || i >= count) throw new IndexOutOfBoundsException("forget " + i + " of " + count);
        return at + i * FuseForgetOne.SIZE;
    }
}
