package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseKstatfs;

/** A {@code fuse_statfs_out} being built (STATFS). */
public final class StatfsOut extends Flyweight<StatfsOut> {

    /** Sets every field of {@code struct statvfs}'s FUSE form. */
    public StatfsOut set(long blocks, long bfree, long bavail, long files, long ffree, int bsize, int namelen,
                         int frsize) {
        u64(FuseKstatfs.OFFSET_BLOCKS, blocks);
        u64(FuseKstatfs.OFFSET_BFREE, bfree);
        u64(FuseKstatfs.OFFSET_BAVAIL, bavail);
        u64(FuseKstatfs.OFFSET_FILES, files);
        u64(FuseKstatfs.OFFSET_FFREE, ffree);
        u32(FuseKstatfs.OFFSET_BSIZE, bsize);
        u32(FuseKstatfs.OFFSET_NAMELEN, namelen);
        u32(FuseKstatfs.OFFSET_FRSIZE, frsize);
        return this;
    }
}
