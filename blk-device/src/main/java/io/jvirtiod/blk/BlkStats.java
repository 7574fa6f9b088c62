package io.jvirtiod.blk;

/**
 * Counters of one queue's requests by kind and outcome, written by the queue's thread only. Why: a hostile or
 * buggy guest's rejected requests must be visible (logs, tests) without failing anything.
 */
public final class BlkStats {
    public long reads;
    public long writes;
    public long flushes;
    public long discards;
    public long writeZeroes;
    public long ioErrors;
    public long unsupported;
    public long outOfRange;
    public long malformed;
    public long readOnlyWrites;

    @Override
    public String toString() {
        return "reads " + reads + ", writes " + writes + ", flushes " + flushes + ", discards " + discards
                + ", write-zeroes " + writeZeroes + ", io errors " + ioErrors + " (out of range " + outOfRange
                + ", malformed " + malformed + ", read-only writes " + readOnlyWrites + "), unsupported " + unsupported;
    }
}
