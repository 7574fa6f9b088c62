package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseCopyFileRangeIn;

/** COPY_FILE_RANGE's argument as a flyweight; the source node is the request's node id. */
public final class CopyFileRangeIn extends Flyweight<CopyFileRangeIn> {

    public long fhIn() {
        return u64(FuseCopyFileRangeIn.OFFSET_FH_IN);
    }

    public long offIn() {
        return u64(FuseCopyFileRangeIn.OFFSET_OFF_IN);
    }

    public long nodeidOut() {
        return u64(FuseCopyFileRangeIn.OFFSET_NODEID_OUT);
    }

    public long fhOut() {
        return u64(FuseCopyFileRangeIn.OFFSET_FH_OUT);
    }

    public long offOut() {
        return u64(FuseCopyFileRangeIn.OFFSET_OFF_OUT);
    }

    public long len() {
        return u64(FuseCopyFileRangeIn.OFFSET_LEN);
    }

    public long flags() {
        return u64(FuseCopyFileRangeIn.OFFSET_FLAGS);
    }
}
