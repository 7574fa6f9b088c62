package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseCopyFileRangeIn;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/** COPY_FILE_RANGE's argument as a flyweight; the source node is the request's node id. */
public final class CopyFileRangeIn {
    private MemorySegment s = MemorySegment.NULL;
    private long at;

    public CopyFileRangeIn wrap(MemorySegment segment, long offset) {
        this.s = segment;
        this.at = offset;
        return this;
    }

    public long fhIn() {
        return s.get(JAVA_LONG_UNALIGNED, at + FuseCopyFileRangeIn.OFFSET_FH_IN);
    }

    public long offIn() {
        return s.get(JAVA_LONG_UNALIGNED, at + FuseCopyFileRangeIn.OFFSET_OFF_IN);
    }

    public long nodeidOut() {
        return s.get(JAVA_LONG_UNALIGNED, at + FuseCopyFileRangeIn.OFFSET_NODEID_OUT);
    }

    public long fhOut() {
        return s.get(JAVA_LONG_UNALIGNED, at + FuseCopyFileRangeIn.OFFSET_FH_OUT);
    }

    public long offOut() {
        return s.get(JAVA_LONG_UNALIGNED, at + FuseCopyFileRangeIn.OFFSET_OFF_OUT);
    }

    public long len() {
        return s.get(JAVA_LONG_UNALIGNED, at + FuseCopyFileRangeIn.OFFSET_LEN);
    }

    public long flags() {
        return s.get(JAVA_LONG_UNALIGNED, at + FuseCopyFileRangeIn.OFFSET_FLAGS);
    }
}
