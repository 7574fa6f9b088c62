package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseSetattrIn;

/**
 * SETATTR's argument as a flyweight over the request: which attributes change ({@link #valid()}, FATTR_*
 * bits) and their new values. A field is meaningful only if its FATTR bit is set.
 */
public final class SetattrIn extends Flyweight<SetattrIn> {

    /** FATTR_* bits. */
    public int valid() {
        return u32(FuseSetattrIn.OFFSET_VALID);
    }

    public boolean has(int fattr) {
        return (valid() & fattr) != 0;
    }

    /** File handle, valid with FATTR_FH (an open file's ftruncate/fchmod...). */
    public long fh() {
        return u64(FuseSetattrIn.OFFSET_FH);
    }

    public long size() {
        return u64(FuseSetattrIn.OFFSET_SIZE);
    }

    public long lockOwner() {
        return u64(FuseSetattrIn.OFFSET_LOCK_OWNER);
    }

    public long atime() {
        return u64(FuseSetattrIn.OFFSET_ATIME);
    }

    public int atimensec() {
        return u32(FuseSetattrIn.OFFSET_ATIMENSEC);
    }

    public long mtime() {
        return u64(FuseSetattrIn.OFFSET_MTIME);
    }

    public int mtimensec() {
        return u32(FuseSetattrIn.OFFSET_MTIMENSEC);
    }

    public long ctime() {
        return u64(FuseSetattrIn.OFFSET_CTIME);
    }

    public int ctimensec() {
        return u32(FuseSetattrIn.OFFSET_CTIMENSEC);
    }

    public int mode() {
        return u32(FuseSetattrIn.OFFSET_MODE);
    }

    public int uid() {
        return u32(FuseSetattrIn.OFFSET_UID);
    }

    public int gid() {
        return u32(FuseSetattrIn.OFFSET_GID);
    }

    /** True if suid/sgid must be cleared (FATTR_KILL_SUIDGID, with FUSE_HANDLE_KILLPRIV_V2). */
    public boolean killSuidgid() {
        return has(FuseH.FATTR_KILL_SUIDGID);
    }
}
