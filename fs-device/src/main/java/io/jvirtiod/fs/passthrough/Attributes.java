package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.FcntlH;
import io.jvirtiod.binding.sys.Fds;
import io.jvirtiod.binding.sys.FileAttr;
import io.jvirtiod.binding.sys.FileData;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.FileStat;
import io.jvirtiod.binding.sys.Stat;
import io.jvirtiod.binding.sys.StatH;
import io.jvirtiod.binding.sys.Statfs;
import io.jvirtiod.binding.sys.Statx;
import io.jvirtiod.binding.sys.Timespec;
import io.jvirtiod.fs.Context;
import io.jvirtiod.fs.protocol.Attr;
import io.jvirtiod.fs.protocol.AttrOut;
import io.jvirtiod.fs.protocol.SetattrIn;
import io.jvirtiod.fs.protocol.StatfsOut;
import io.jvirtiod.fs.protocol.StatxOut;

import java.lang.foreign.MemorySegment;

import static io.jvirtiod.fs.passthrough.InodeFds.STATX_WANT;
import static io.jvirtiod.fs.passthrough.InodeFds.STAT_FLAGS;
import static io.jvirtiod.fs.passthrough.InodeFds.donePath;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Attributes (virtiofsd's stat.rs and setattr): GETATTR, STATX, SETATTR, ACCESS and STATFS, and the encoding
 * of a host statx into the FUSE attribute reply.
 */
final class Attributes {
    private final InodeFds fds;
    private final InodeTable inodes;
    private final OpenFileTable files;
    private final RemappedCapability capability;

    Attributes(InodeFds fds, RemappedCapability capability) {
        this.fds = fds;
        this.inodes = fds.inodes;
        this.files = fds.files;
        this.capability = capability;
    }

    /** GETATTR; with FUSE_GETATTR_FH the open file is asked, which also works once it is unlinked. */
    int getattr(long nodeid, int getattrFlags, long fh, AttrOut out) {
        int r = fds.statxOfFileOrInode(nodeid, (getattrFlags & FuseH.FUSE_GETATTR_FH) != 0, fh);
        if (r < 0) return r;
        out.attrValid(fds.timeout, 0);
        fillAttr(out.attr(), Scratch.get().statx);
        return 0;
    }

    /**
     * SETATTR: mode, owner, size, times (including NOW) and FATTR_KILL_SUIDGID, through the open file when
     * FATTR_FH is set, else through the inode (its /proc/self/fd path, or AT_EMPTY_PATH on its O_PATH fd). A
     * chown or truncate drops a renamed security.capability, as the kernel drops the real one.
     */
    int setattr(long nodeid, SetattrIn in, AttrOut out) {
        int valid = in.valid();
        Inode i = inodes.acquire(nodeid);
        if (i == null) return -Errno.ESTALE;
        OpenFile f = null;
        int pfd = -1;
        try {
            if ((valid & FuseH.FATTR_FH) != 0) {
                f = files.acquire(in.fh());
                if (f == null) return -Errno.EBADF;
            }
            pfd = fds.pathFd(i);
            if (pfd < 0) return pfd;
            Scratch s = Scratch.get();
            MemorySegment proc = Fds.procFdPath(s.procPath, pfd);
            int r;
            if ((valid & (FuseH.FATTR_UID | FuseH.FATTR_GID | FuseH.FATTR_SIZE)) != 0 && i.type == StatH.S_IFREG) {
                r = capability.dropAt(proc);
                if (r < 0) return r;
            }
            if ((valid & FuseH.FATTR_MODE) != 0) {
                int mode = in.mode() & 07777;
                r = f != null ? FileAttr.fchmodRaw(f.fd, mode)
                        : i.type == StatH.S_IFLNK ? -Errno.EOPNOTSUPP
                        : FileAttr.fchmodatRaw(FcntlH.AT_FDCWD, proc, mode, 0);
                if (r < 0) return r;
            }
            if ((valid & (FuseH.FATTR_UID | FuseH.FATTR_GID)) != 0) {
                int nu = (valid & FuseH.FATTR_UID) != 0 ? in.uid() : -1;
                int ng = (valid & FuseH.FATTR_GID) != 0 ? in.gid() : -1;
                r = FileAttr.fchownatRaw(pfd, FileStat.EMPTY_PATH, nu, ng, STAT_FLAGS);
                if (r < 0) return r;
            }
            if ((valid & FuseH.FATTR_SIZE) != 0) {
                if (f != null) {
                    r = FileData.ftruncateRaw(f.fd, in.size());
                } else if (i.type == StatH.S_IFDIR) {
                    r = -Errno.EISDIR;
                } else if (i.type != StatH.S_IFREG) {
                    r = -Errno.EINVAL;
                } else {
                    int wfd = fds.openInode(i, FcntlH.O_WRONLY);
                    if (wfd < 0) return wfd;
                    r = FileData.ftruncateRaw(wfd, in.size());
                    FileIo.closeRaw(wfd);
                }
                if (r < 0) return r;
            }
            if ((valid & FuseH.FATTR_KILL_SUIDGID) != 0 && (valid & FuseH.FATTR_MODE) == 0) {
                r = killSuidgid(pfd, proc, i.type);
                if (r < 0) return r;
            }
            if ((valid & (FuseH.FATTR_ATIME | FuseH.FATTR_MTIME)) != 0) {
                MemorySegment t = s.times;
                setTime(t, 0, valid, FuseH.FATTR_ATIME, FuseH.FATTR_ATIME_NOW, in.atime(), in.atimensec());
                setTime(t, 1, valid, FuseH.FATTR_MTIME, FuseH.FATTR_MTIME_NOW, in.mtime(), in.mtimensec());
                if (f != null) r = FileAttr.futimensRaw(f.fd, t);
                else if (i.type == StatH.S_IFLNK) r = FileAttr.utimensatRaw(pfd, FileStat.EMPTY_PATH, t, STAT_FLAGS);
                else r = FileAttr.utimensatRaw(FcntlH.AT_FDCWD, proc, t, 0);
                if (r < 0) return r;
            }
            r = FileStat.statxRaw(pfd, FileStat.EMPTY_PATH, STAT_FLAGS, STATX_WANT, s.statx);
            if (r < 0) return r;
            out.attrValid(fds.timeout, 0);
            fillAttr(out.attr(), s.statx);
            return 0;
        } finally {
            donePath(i, pfd);
            if (f != null) files.release(f);
            inodes.release(i);
        }
    }

    private static void setTime(MemorySegment t, int index, int valid, int set, int now, long sec, int nsec) {
        if ((valid & set) == 0) Timespec.set(t, index, 0, StatH.UTIME_OMIT);
        else if ((valid & now) != 0) Timespec.set(t, index, 0, StatH.UTIME_NOW);
        else Timespec.set(t, index, sec, Integer.toUnsignedLong(nsec) % 1_000_000_000L);
    }

    /** Clears set-user-id, and set-group-id when group-executable, as a write or chown by a non-owner would. */
    static int killSuidgid(int fd, MemorySegment proc, int type) {
        if (type != StatH.S_IFREG) return 0;
        MemorySegment st = Scratch.get().stat;
        int r = FileStat.fstatRaw(fd, st);
        if (r < 0) return r;
        int mode = Stat.mode(st);
        int kill = StatH.S_ISUID | ((mode & StatH.S_IXGRP) != 0 ? StatH.S_ISGID : 0);
        if ((mode & kill) == 0) return 0;
        return FileAttr.fchmodatRaw(FcntlH.AT_FDCWD, proc, mode & 07777 & ~kill, 0);
    }

    /** A {@code struct fuse_attr} from a statx result. */
    static void fillAttr(Attr a, MemorySegment sx) {
        a.ino(Statx.ino(sx)).size(Statx.size(sx)).blocks(Statx.blocks(sx))
                .atime(Statx.sec(sx, Statx.OFFSET_STX_ATIME), Statx.nsec(sx, Statx.OFFSET_STX_ATIME))
                .mtime(Statx.sec(sx, Statx.OFFSET_STX_MTIME), Statx.nsec(sx, Statx.OFFSET_STX_MTIME))
                .ctime(Statx.sec(sx, Statx.OFFSET_STX_CTIME), Statx.nsec(sx, Statx.OFFSET_STX_CTIME))
                .mode(Statx.mode(sx)).nlink(Statx.nlink(sx)).uid(Statx.uid(sx)).gid(Statx.gid(sx))
                .rdev(encodeDev(Statx.rdevMajor(sx), Statx.rdevMinor(sx))).blksize(Statx.blksize(sx)).flags(0);
    }

    /** The kernel's 32-bit "new" dev_t encoding (new_encode_dev), as fuse_attr.rdev carries it. */
    static int encodeDev(int major, int minor) {
        return (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xff) << 12);
    }

    /** The kernel's decoding of a 32-bit dev_t (new_decode_dev) into glibc's 64-bit makedev(major, minor). */
    static long decodeDev(int rdev) {
        long major = (rdev & 0xfff00) >>> 8;
        long minor = (rdev & 0xff) | ((rdev >>> 12) & 0xfff00);
        return ((major & 0xfffff000L) << 32) | ((major & 0xfff) << 8) | ((minor & 0xffffff00L) << 12) | (minor & 0xff);
    }

    int statfs(long nodeid, StatfsOut out) {
        Inode i = inodes.acquire(nodeid);
        if (i == null) return -Errno.ESTALE;
        try {
            int fd = fds.pathFd(i);
            if (fd < 0) return fd;
            MemorySegment sf = Scratch.get().statfs;
            int r = FileStat.fstatfsRaw(fd, sf);
            donePath(i, fd);
            if (r < 0) return r;
            out.set(Statfs.blocks(sf), Statfs.bfree(sf), Statfs.bavail(sf), Statfs.files(sf), Statfs.ffree(sf),
                    (int) Statfs.bsize(sf), (int) Statfs.namelen(sf), (int) Statfs.frsize(sf));
            return 0;
        } finally {
            inodes.release(i);
        }
    }

    /** ACCESS: checks R_OK/W_OK/X_OK for the caller against the mode bits, as virtiofsd does. */
    int access(Context ctx, long nodeid, int mask) {
        int r = fds.statxOfFileOrInode(nodeid, false, 0);
        if (r < 0) return r;
        if (mask == 0) return 0;
        MemorySegment sx = Scratch.get().statx;
        int uid = ctx.uid();
        int mode = Statx.mode(sx);
        boolean owner = Statx.uid(sx) == uid;
        boolean group = Statx.gid(sx) == ctx.gid();
        if ((mask & 4) != 0 && uid != 0 && !(owner && (mode & 0400) != 0) && !(group && (mode & 040) != 0)
                && (mode & 04) == 0) {
            return -Errno.EACCES;
        }
        if ((mask & 2) != 0 && uid != 0 && !(owner && (mode & 0200) != 0) && !(group && (mode & 020) != 0)
                && (mode & 02) == 0) {
            return -Errno.EACCES;
        }
        if ((mask & 1) != 0 && (uid != 0 || (mode & 0111) == 0) && !(owner && (mode & 0100) != 0)
                && !(group && (mode & 010) != 0) && (mode & 01) == 0) {
            return -Errno.EACCES;
        }
        return 0;
    }

    /** STATX (7.39): the host's statx, birth time included. */
    int statx(long nodeid, int getattrFlags, long fh, StatxOut out) {
        int r = fds.statxOfFileOrInode(nodeid, (getattrFlags & FuseH.FUSE_GETATTR_FH) != 0, fh);
        if (r < 0) return r;
        MemorySegment sx = Scratch.get().statx;
        out.attrValid(fds.timeout, 0).mask(Statx.mask(sx) & ~StatH.STATX_MNT_ID).blksize(Statx.blksize(sx))
                .attributes(Statx.attributes(sx), sx.get(JAVA_LONG, Statx.OFFSET_STX_ATTRIBUTES_MASK))
                .nlink(Statx.nlink(sx)).owner(Statx.uid(sx), Statx.gid(sx)).mode(Statx.mode(sx))
                .ino(Statx.ino(sx)).size(Statx.size(sx)).blocks(Statx.blocks(sx))
                .atime(Statx.sec(sx, Statx.OFFSET_STX_ATIME), Statx.nsec(sx, Statx.OFFSET_STX_ATIME))
                .btime(Statx.sec(sx, Statx.OFFSET_STX_BTIME), Statx.nsec(sx, Statx.OFFSET_STX_BTIME))
                .ctime(Statx.sec(sx, Statx.OFFSET_STX_CTIME), Statx.nsec(sx, Statx.OFFSET_STX_CTIME))
                .mtime(Statx.sec(sx, Statx.OFFSET_STX_MTIME), Statx.nsec(sx, Statx.OFFSET_STX_MTIME))
                .rdev(Statx.rdevMajor(sx), Statx.rdevMinor(sx)).dev(Statx.devMajor(sx), Statx.devMinor(sx));
        return 0;
    }
}
