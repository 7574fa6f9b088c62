package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseAttr;

/**
 * A {@code fuse_attr} inside a reply being built, as a flyweight with chained setters. The reply area is
 * zeroed before the file system sees it, so unset fields are 0, never stale bytes of an earlier reply.
 */
public final class Attr extends Flyweight<Attr> {

    public Attr ino(long v) {
        u64(FuseAttr.OFFSET_INO, v);
        return this;
    }

    public Attr size(long v) {
        u64(FuseAttr.OFFSET_SIZE, v);
        return this;
    }

    public Attr blocks(long v) {
        u64(FuseAttr.OFFSET_BLOCKS, v);
        return this;
    }

    public Attr atime(long sec, int nsec) {
        u64(FuseAttr.OFFSET_ATIME, sec);
        u32(FuseAttr.OFFSET_ATIMENSEC, nsec);
        return this;
    }

    public Attr mtime(long sec, int nsec) {
        u64(FuseAttr.OFFSET_MTIME, sec);
        u32(FuseAttr.OFFSET_MTIMENSEC, nsec);
        return this;
    }

    public Attr ctime(long sec, int nsec) {
        u64(FuseAttr.OFFSET_CTIME, sec);
        u32(FuseAttr.OFFSET_CTIMENSEC, nsec);
        return this;
    }

    /** File type and permission bits (S_IFMT | 07777). */
    public Attr mode(int v) {
        u32(FuseAttr.OFFSET_MODE, v);
        return this;
    }

    public Attr nlink(int v) {
        u32(FuseAttr.OFFSET_NLINK, v);
        return this;
    }

    public Attr uid(int v) {
        u32(FuseAttr.OFFSET_UID, v);
        return this;
    }

    public Attr gid(int v) {
        u32(FuseAttr.OFFSET_GID, v);
        return this;
    }

    /** Device number in the kernel's new_encode_dev form. */
    public Attr rdev(int v) {
        u32(FuseAttr.OFFSET_RDEV, v);
        return this;
    }

    public Attr blksize(int v) {
        u32(FuseAttr.OFFSET_BLKSIZE, v);
        return this;
    }

    /** FUSE_ATTR_SUBMOUNT, FUSE_ATTR_DAX */
    public Attr flags(int v) {
        u32(FuseAttr.OFFSET_FLAGS, v);
        return this;
    }

    public long ino() {
        return u64(FuseAttr.OFFSET_INO);
    }

    public long size() {
        return u64(FuseAttr.OFFSET_SIZE);
    }

    public int mode() {
        return u32(FuseAttr.OFFSET_MODE);
    }

    public int nlink() {
        return u32(FuseAttr.OFFSET_NLINK);
    }
}
