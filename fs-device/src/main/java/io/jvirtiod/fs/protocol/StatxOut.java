package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseStatx;
import io.jvirtiod.binding.fuse.FuseStatxOut;
import io.jvirtiod.binding.fuse.FuseSxTime;

/** A {@code fuse_statx_out} being built (STATX, 7.39): statx(2) fields including birth time. */
public final class StatxOut extends Flyweight<StatxOut> {
    private static final long ST = FuseStatxOut.OFFSET_STAT;

    public StatxOut attrValid(long sec, int nsec) {
        u64(FuseStatxOut.OFFSET_ATTR_VALID, sec);
        u32(FuseStatxOut.OFFSET_ATTR_VALID_NSEC, nsec);
        return this;
    }

    /** STATX_* bits saying which fields below are filled. */
    public StatxOut mask(int v) {
        u32(ST + FuseStatx.OFFSET_MASK, v);
        return this;
    }

    public StatxOut blksize(int v) {
        u32(ST + FuseStatx.OFFSET_BLKSIZE, v);
        return this;
    }

    public StatxOut attributes(long v, long mask) {
        u64(ST + FuseStatx.OFFSET_ATTRIBUTES, v);
        u64(ST + FuseStatx.OFFSET_ATTRIBUTES_MASK, mask);
        return this;
    }

    public StatxOut nlink(int v) {
        u32(ST + FuseStatx.OFFSET_NLINK, v);
        return this;
    }

    public StatxOut owner(int uid, int gid) {
        u32(ST + FuseStatx.OFFSET_UID, uid);
        u32(ST + FuseStatx.OFFSET_GID, gid);
        return this;
    }

    public StatxOut mode(int v) {
        u16(ST + FuseStatx.OFFSET_MODE, v);
        return this;
    }

    public StatxOut ino(long v) {
        u64(ST + FuseStatx.OFFSET_INO, v);
        return this;
    }

    public StatxOut size(long v) {
        u64(ST + FuseStatx.OFFSET_SIZE, v);
        return this;
    }

    public StatxOut blocks(long v) {
        u64(ST + FuseStatx.OFFSET_BLOCKS, v);
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
        u32(ST + FuseStatx.OFFSET_RDEV_MAJOR, major);
        u32(ST + FuseStatx.OFFSET_RDEV_MINOR, minor);
        return this;
    }

    public StatxOut dev(int major, int minor) {
        u32(ST + FuseStatx.OFFSET_DEV_MAJOR, major);
        u32(ST + FuseStatx.OFFSET_DEV_MINOR, minor);
        return this;
    }

    private StatxOut time(long field, long sec, int nsec) {
        u64(ST + field + FuseSxTime.OFFSET_TV_SEC, sec);
        u32(ST + field + FuseSxTime.OFFSET_TV_NSEC, nsec);
        return this;
    }
}
