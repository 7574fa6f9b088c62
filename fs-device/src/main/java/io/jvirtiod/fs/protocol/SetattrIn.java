package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseSetattrIn;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * SETATTR's argument as a flyweight over the request: which attributes change ({@link #valid()}, FATTR_*
 * bits) and their new values. A field is meaningful only if its FATTR bit is set.
 */
public final class SetattrIn {
    private MemorySegment s = MemorySegment.NULL;
    private long at;

    public SetattrIn wrap(MemorySegment segment, long offset) {
        this.s = segment;
        this.at = offset;
        return this;
    }

    /** FATTR_* bits. */
    public int valid() {
        return s.get(JAVA_INT_UNALIGNED, at + FuseSetattrIn.OFFSET_VALID);
    }

    public boolean has(int fattr) {
        return (valid() & fattr) != 0;
    }

    /** File handle, valid with FATTR_FH (an open file's ftruncate/fchmod...). */
    public long fh() {
        return s.get(JAVA_LONG_UNALIGNED, at + FuseSetattrIn.OFFSET_FH);
    }

    public long size() {
        return s.get(JAVA_LONG_UNALIGNED, at + FuseSetattrIn.OFFSET_SIZE);
    }

    public long lockOwner() {
        return s.get(JAVA_LONG_UNALIGNED, at + FuseSetattrIn.OFFSET_LOCK_OWNER);
    }

    public long atime() {
        return s.get(JAVA_LONG_UNALIGNED, at + FuseSetattrIn.OFFSET_ATIME);
    }

    public int atimensec() {
        return s.get(JAVA_INT_UNALIGNED, at + FuseSetattrIn.OFFSET_ATIMENSEC);
    }

    public long mtime() {
        return s.get(JAVA_LONG_UNALIGNED, at + FuseSetattrIn.OFFSET_MTIME);
    }

    public int mtimensec() {
        return s.get(JAVA_INT_UNALIGNED, at + FuseSetattrIn.OFFSET_MTIMENSEC);
    }

    public long ctime() {
        return s.get(JAVA_LONG_UNALIGNED, at + FuseSetattrIn.OFFSET_CTIME);
    }

    public int ctimensec() {
        return s.get(JAVA_INT_UNALIGNED, at + FuseSetattrIn.OFFSET_CTIMENSEC);
    }

    public int mode() {
        return s.get(JAVA_INT_UNALIGNED, at + FuseSetattrIn.OFFSET_MODE);
    }

    public int uid() {
        return s.get(JAVA_INT_UNALIGNED, at + FuseSetattrIn.OFFSET_UID);
    }

    public int gid() {
        return s.get(JAVA_INT_UNALIGNED, at + FuseSetattrIn.OFFSET_GID);
    }

    /** True if suid/sgid must be cleared (FATTR_KILL_SUIDGID, with FUSE_HANDLE_KILLPRIV_V2). */
    public boolean killSuidgid() {
        return has(FuseH.FATTR_KILL_SUIDGID);
    }
}
