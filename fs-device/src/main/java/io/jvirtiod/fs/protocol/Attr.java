package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseAttr;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * A {@code fuse_attr} inside a reply being built, as a flyweight with chained setters. The reply area is
 * zeroed before the file system sees it, so unset fields are 0, never stale bytes of an earlier reply.
 */
public final class Attr {
    private MemorySegment s = MemorySegment.NULL;
    private long at;

    public Attr wrap(MemorySegment segment, long offset) {
        this.s = segment;
        this.at = offset;
        return this;
    }

    public Attr ino(long v) {
        s.set(JAVA_LONG_UNALIGNED, at + FuseAttr.OFFSET_INO, v);
        return this;
    }

    public Attr size(long v) {
        s.set(JAVA_LONG_UNALIGNED, at + FuseAttr.OFFSET_SIZE, v);
        return this;
    }

    public Attr blocks(long v) {
        s.set(JAVA_LONG_UNALIGNED, at + FuseAttr.OFFSET_BLOCKS, v);
        return this;
    }

    public Attr atime(long sec, int nsec) {
        s.set(JAVA_LONG_UNALIGNED, at + FuseAttr.OFFSET_ATIME, sec);
        s.set(JAVA_INT_UNALIGNED, at + FuseAttr.OFFSET_ATIMENSEC, nsec);
        return this;
    }

    public Attr mtime(long sec, int nsec) {
        s.set(JAVA_LONG_UNALIGNED, at + FuseAttr.OFFSET_MTIME, sec);
        s.set(JAVA_INT_UNALIGNED, at + FuseAttr.OFFSET_MTIMENSEC, nsec);
        return this;
    }

    public Attr ctime(long sec, int nsec) {
        s.set(JAVA_LONG_UNALIGNED, at + FuseAttr.OFFSET_CTIME, sec);
        s.set(JAVA_INT_UNALIGNED, at + FuseAttr.OFFSET_CTIMENSEC, nsec);
        return this;
    }

    /** File type and permission bits (S_IFMT | 07777). */
    public Attr mode(int v) {
        s.set(JAVA_INT_UNALIGNED, at + FuseAttr.OFFSET_MODE, v);
        return this;
    }

    public Attr nlink(int v) {
        s.set(JAVA_INT_UNALIGNED, at + FuseAttr.OFFSET_NLINK, v);
        return this;
    }

    public Attr uid(int v) {
        s.set(JAVA_INT_UNALIGNED, at + FuseAttr.OFFSET_UID, v);
        return this;
    }

    public Attr gid(int v) {
        s.set(JAVA_INT_UNALIGNED, at + FuseAttr.OFFSET_GID, v);
        return this;
    }

    /** Device number in the kernel's new_encode_dev form. */
    public Attr rdev(int v) {
        s.set(JAVA_INT_UNALIGNED, at + FuseAttr.OFFSET_RDEV, v);
        return this;
    }

    public Attr blksize(int v) {
        s.set(JAVA_INT_UNALIGNED, at + FuseAttr.OFFSET_BLKSIZE, v);
        return this;
    }

    /** FUSE_ATTR_SUBMOUNT, FUSE_ATTR_DAX */
    public Attr flags(int v) {
        s.set(JAVA_INT_UNALIGNED, at + FuseAttr.OFFSET_FLAGS, v);
        return this;
    }

    public long ino() {
        return s.get(JAVA_LONG_UNALIGNED, at + FuseAttr.OFFSET_INO);
    }

    public long size() {
        return s.get(JAVA_LONG_UNALIGNED, at + FuseAttr.OFFSET_SIZE);
    }

    public int mode() {
        return s.get(JAVA_INT_UNALIGNED, at + FuseAttr.OFFSET_MODE);
    }
}
