package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseStatx;
import io.jvirtiod.binding.fuse.FuseStatxOut;
import io.jvirtiod.binding.fuse.FuseSxTime;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/** A {@code fuse_statx_out} being built (STATX, 7.39): statx(2) fields including birth time. */
public final class StatxOut {
    private static final long ST = FuseStatxOut.OFFSET_STAT;
    private MemorySegment s = MemorySegment.NULL;
    private long at;

    public StatxOut wrap(MemorySegment segment, long offset) {
        this.s = segment;
        this.at = offset;
        return this;
    }

    public StatxOut attrValid(long sec, int nsec) {
        s.set(JAVA_LONG_UNALIGNED, at + FuseStatxOut.OFFSET_ATTR_VALID, sec);
        s.set(JAVA_INT_UNALIGNED, at + FuseStatxOut.OFFSET_ATTR_VALID_NSEC, nsec);
        return this;
    }

    /** STATX_* bits saying which fields below are filled. */
    public StatxOut mask(int v) {
        s.set(JAVA_INT_UNALIGNED, at + ST + FuseStatx.OFFSET_MASK, v);
        return this;
    }

    public StatxOut blksize(int v) {
        s.set(JAVA_INT_UNALIGNED, at + ST + FuseStatx.OFFSET_BLKSIZE, v);
        return this;
    }

    public StatxOut attributes(long v, long mask) {
        s.set(JAVA_LONG_UNALIGNED, at + ST + FuseStatx.OFFSET_ATTRIBUTES, v);
        s.set(JAVA_LONG_UNALIGNED, at + ST + FuseStatx.OFFSET_ATTRIBUTES_MASK, mask);
        return this;
    }

    public StatxOut nlink(int v) {
        s.set(JAVA_INT_UNALIGNED, at + ST + FuseStatx.OFFSET_NLINK, v);
        return this;
    }

    public StatxOut owner(int uid, int gid) {
        s.set(JAVA_INT_UNALIGNED, at + ST + FuseStatx.OFFSET_UID, uid);
        s.set(JAVA_INT_UNALIGNED, at + ST + FuseStatx.OFFSET_GID, gid);
        return this;
    }

    public StatxOut mode(int v) {
        s.set(JAVA_SHORT_UNALIGNED, at + ST + FuseStatx.OFFSET_MODE, (short) v);
        return this;
    }

    public StatxOut ino(long v) {
        s.set(JAVA_LONG_UNALIGNED, at + ST + FuseStatx.OFFSET_INO, v);
        return this;
    }

    public StatxOut size(long v) {
        s.set(JAVA_LONG_UNALIGNED, at + ST + FuseStatx.OFFSET_SIZE, v);
        return this;
    }

    public StatxOut blocks(long v) {
        s.set(JAVA_LONG_UNALIGNED, at + ST + FuseStatx.OFFSET_BLOCKS, v);
        return this;
    }

    public StatxOut atime(long sec, int nsec) {
        return time(FuseStatx.OFFSET_ATIME, sec, nsec);
    }

    public StatxOut btime(long sec, int nsec) {
        return time(FuseStatx.OFFSET_BTIME, sec, nsec);
    }

    public StatxOut ctime(long sec, int nsec) {
        return time(FuseStatx.OFFSET_CTIME, sec, nsec);
    }

    public StatxOut mtime(long sec, int nsec) {
        return time(FuseStatx.OFFSET_MTIME, sec, nsec);
    }

    public StatxOut rdev(int major, int minor) {
        s.set(JAVA_INT_UNALIGNED, at + ST + FuseStatx.OFFSET_RDEV_MAJOR, major);
        s.set(JAVA_INT_UNALIGNED, at + ST + FuseStatx.OFFSET_RDEV_MINOR, minor);
        return this;
    }

    public StatxOut dev(int major, int minor) {
        s.set(JAVA_INT_UNALIGNED, at + ST + FuseStatx.OFFSET_DEV_MAJOR, major);
        s.set(JAVA_INT_UNALIGNED, at + ST + FuseStatx.OFFSET_DEV_MINOR, minor);
        return this;
    }

    private StatxOut time(long field, long sec, int nsec) {
        s.set(JAVA_LONG_UNALIGNED, at + ST + field + FuseSxTime.OFFSET_TV_SEC, sec);
        s.set(JAVA_INT_UNALIGNED, at + ST + field + FuseSxTime.OFFSET_TV_NSEC, nsec);
        return this;
    }
}
