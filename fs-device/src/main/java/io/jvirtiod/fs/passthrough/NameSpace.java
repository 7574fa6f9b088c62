package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.FcntlH;
import io.jvirtiod.binding.sys.Fds;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.FileStat;
import io.jvirtiod.binding.sys.PathOps;
import io.jvirtiod.binding.sys.RenameH;
import io.jvirtiod.binding.sys.StatH;
import io.jvirtiod.binding.sys.Statx;
import io.jvirtiod.fs.Context;
import io.jvirtiod.fs.protocol.ByteSink;
import io.jvirtiod.fs.protocol.EntryOut;
import io.jvirtiod.fs.protocol.Name;

import java.lang.foreign.MemorySegment;

import static io.jvirtiod.fs.passthrough.InodeFds.PATH_OPEN;
import static io.jvirtiod.fs.passthrough.InodeFds.STATX_WANT;
import static io.jvirtiod.fs.passthrough.InodeFds.STAT_FLAGS;
import static io.jvirtiod.fs.passthrough.InodeFds.devOf;
import static io.jvirtiod.fs.passthrough.InodeFds.donePath;
import static io.jvirtiod.fs.passthrough.InodeFds.openBeneath;
import static io.jvirtiod.fs.passthrough.Names.check;
import static io.jvirtiod.fs.passthrough.Names.cstr;

/**
 * The name space: LOOKUP, READLINK, and the operations that add or remove names (MKNOD, MKDIR, SYMLINK, LINK,
 * UNLINK, RMDIR, RENAME), each relative to its parent's fd with a single checked component. Names are made as
 * the caller ({@link Credentials}).
 */
final class NameSpace {
    private final InodeFds fds;
    private final InodeTable inodes;
    private final Credentials creds;

    NameSpace(InodeFds fds, Credentials creds) {
        this.fds = fds;
        this.inodes = fds.inodes;
        this.creds = creds;
    }

    /**
     * LOOKUP: openat2 beneath the parent without following anything, then the entry; a missing name is a
     * negative entry (node id 0) cached for the mode's timeout, or ENOENT in cache mode never.
     */
    int lookup(long parent, Name name, EntryOut out) {
        int bad = check(name);
        if (bad < 0) return bad;
        Inode p = inodes.acquire(parent);
        if (p == null) return -Errno.ESTALE;
        try {
            int pfd = fds.pathFd(p);
            if (pfd < 0) return pfd;
            int fd = openBeneath(pfd, cstr(name), PATH_OPEN, 0);
            donePath(p, pfd);
            if (fd == -Errno.ENOENT && fds.caches()) {
                // A negative entry, cached as long as positive ones: the create that usually follows a failed
                // lookup then goes straight to CREATE, one round trip fewer.
                out.nodeid(0).generation(0).entryValid(fds.timeout, fds.timeoutNsec).attrValid(0, 0);
                return 0;
            }
            if (fd < 0) return fd;
            return fds.entryFromFd(fd, out, true, p);
        } finally {
            inodes.release(p);
        }
    }

    /** READLINK: the link text, never resolved. */
    int readlink(long nodeid, ByteSink out) {
        Inode i = inodes.acquire(nodeid);
        if (i == null) return -Errno.ESTALE;
        try {
            if (i.type != StatH.S_IFLNK) return -Errno.EINVAL;
            int fd = fds.pathFd(i);
            if (fd < 0) return fd;
            long r = PathOps.readlinkatRaw(fd, FileStat.EMPTY_PATH, out.asSegment());
            donePath(i, fd);
            return (int) r;
        } finally {
            inodes.release(i);
        }
    }

    /** Kinds of node a create operation makes. */
    private enum Make { MKNOD, MKDIR, SYMLINK }

    private int make(Make kind, Context ctx, long parent, Name name, int mode, int rdev, Name target, EntryOut out) {
        int bad = check(name);
        if (bad < 0) return bad;
        if (kind == Make.SYMLINK && target.length() == 0) return -Errno.ENOENT;
        Inode p = inodes.acquire(parent);
        if (p == null) return -Errno.ESTALE;
        int pfd = -1;
        try {
            pfd = fds.pathFd(p);
            if (pfd < 0) return pfd;
            MemorySegment cname = cstr(name);
            int as = creds.become(ctx);
            if (as < 0) return as;
            int r;
            try {
                r = switch (kind) {
                    case MKDIR -> PathOps.mkdiratRaw(pfd, cname, mode & 07777);
                    case MKNOD -> PathOps.mknodatRaw(pfd, cname, mode, Attributes.decodeDev(rdev));
                    case SYMLINK -> PathOps.symlinkatRaw(cstr(target), pfd, cname);
                };
            } finally {
                Credentials.unbecome(as);
            }
            if (r < 0) return r;
            int fd = openBeneath(pfd, cname, PATH_OPEN, 0);
            if (fd < 0) return fd;
            return fds.entryFromFd(fd, out, true, p);
        } finally {
            donePath(p, pfd);
            inodes.release(p);
        }
    }

    /**
     * MKDIR as the caller. {@code umask} is applied here too: without FUSE_DONT_MASK the kernel has applied
     * it already, and applying it twice changes nothing.
     */
    int mkdir(Context ctx, long parent, Name name, int mode, int umask, EntryOut out) {
        return make(Make.MKDIR, ctx, parent, name, mode & ~umask, 0, null, out);
    }

    /** MKNOD ({@code rdev} in the kernel's 32-bit encoding) as the caller. */
    int mknod(Context ctx, long parent, Name name, int mode, int rdev, int umask, EntryOut out) {
        return make(Make.MKNOD, ctx, parent, name, mode & ~(umask & 0777), rdev, null, out);
    }

    /** SYMLINK: {@code target} is stored as text and never resolved by the server. */
    int symlink(Context ctx, long parent, Name name, Name target, EntryOut out) {
        return make(Make.SYMLINK, ctx, parent, name, 0, 0, target, out);
    }

    /**
     * Before a name that may be an inode's last goes away (unlink, rmdir, rename over it), a known inode with
     * one link gets a held O_PATH fd: its handle stops opening it once unlinked, but the kernel may still use
     * the node (an unlinked open file's fstat or ftruncate).
     */
    private void holdIfLastLink(int pfd, MemorySegment name) {
        if (!fds.handles) return;
        Scratch s = Scratch.get();
        if (FileStat.statxRaw(pfd, name, FcntlH.AT_SYMLINK_NOFOLLOW, STATX_WANT, s.statx) < 0) return;
        if (Statx.nlink(s.statx) > 1 && (Statx.mode(s.statx) & StatH.S_IFMT) != StatH.S_IFDIR) return;
        Inode known = inodes.find(devOf(s.statx), Statx.ino(s.statx), Statx.mntId(s.statx));
        if (known == null) return;
        try {
            // Only a node the kernel can still use without a name needs it: an open file, or a directory (a
            // process's working directory). Others are simply forgotten by the kernel after the unlink.
            if (known.opens.get() == 0 && known.type != StatH.S_IFDIR) return;
            if (inodes.keepHeldFd(known)) return; // its fd, cached until now, is kept from here on
            int fd = openBeneath(pfd, name, PATH_OPEN, 0);
            if (fd < 0) return;
            if (FileStat.statxRaw(fd, FileStat.EMPTY_PATH, STAT_FLAGS, STATX_WANT, s.statx) < 0
                    || Statx.ino(s.statx) != known.ino || !inodes.holdPathFd(known, fd)) {
                FileIo.closeRaw(fd);
            }
        } finally {
            inodes.release(known);
        }
    }

    private int remove(long parent, Name name, int flags) {
        int bad = check(name);
        if (bad < 0) return bad;
        Inode p = inodes.acquire(parent);
        if (p == null) return -Errno.ESTALE;
        int pfd = -1;
        try {
            pfd = fds.pathFd(p);
            if (pfd < 0) return pfd;
            MemorySegment cname = cstr(name);
            // unlink never removes a directory, and a file with no open handle needs no held fd
            if (flags == FcntlH.AT_REMOVEDIR || fds.files.anyFileOpen()) holdIfLastLink(pfd, cname);
            return PathOps.unlinkatRaw(pfd, cname, flags);
        } finally {
            donePath(p, pfd);
            inodes.release(p);
        }
    }

    int unlink(long parent, Name name) {
        return remove(parent, name, 0);
    }

    int rmdir(long parent, Name name) {
        return remove(parent, name, FcntlH.AT_REMOVEDIR);
    }

    /** RENAME / RENAME2 with RENAME_NOREPLACE, RENAME_EXCHANGE or RENAME_WHITEOUT. */
    int rename(long parent, Name name, long newParent, Name newName, int flags) {
        int bad = check(name);
        if (bad == 0) bad = check(newName);
        if (bad < 0) return bad;
        if ((flags & ~(RenameH.RENAME_NOREPLACE | RenameH.RENAME_EXCHANGE | RenameH.RENAME_WHITEOUT)) != 0) {
            return -Errno.EINVAL;
        }
        return onTwo(parent, newParent, (p, pfd, np, npfd) -> {
            MemorySegment to = cstr(newName);
            if ((flags & (RenameH.RENAME_NOREPLACE | RenameH.RENAME_EXCHANGE)) == 0) holdIfLastLink(npfd, to);
            return PathOps.renameat2Raw(pfd, cstr(name), npfd, to, flags);
        });
    }

    /** An operation on two pinned inodes and their O_PATH fds. */
    private interface OnTwo {
        int apply(Inode a, int aFd, Inode b, int bFd);
    }

    /** Pins node ids {@code a} and {@code b}, opens their O_PATH fds, runs {@code op}, and lets go of both. */
    private int onTwo(long a, long b, OnTwo op) {
        Inode ia = inodes.acquire(a);
        if (ia == null) return -Errno.ESTALE;
        Inode ib = inodes.acquire(b);
        if (ib == null) {
            inodes.release(ia);
            return -Errno.ESTALE;
        }
        int fa = -1;
        int fb = -1;
        try {
            fa = fds.pathFd(ia);
            if (fa < 0) return fa;
            fb = fds.pathFd(ib);
            if (fb < 0) return fb;
            return op.apply(ia, fa, ib, fb);
        } finally {
            donePath(ia, fa);
            donePath(ib, fb);
            inodes.release(ia);
            inodes.release(ib);
        }
    }

    /** LINK: a new name for an inode (never a directory). */
    int link(long nodeid, long newParent, Name newName, EntryOut out) {
        int bad = check(newName);
        if (bad < 0) return bad;
        return onTwo(nodeid, newParent, (i, fd, np, npfd) -> {
            if (i.type == StatH.S_IFDIR) return -Errno.EPERM;
            MemorySegment to = cstr(newName);
            int r = creds.root ? PathOps.linkatRaw(fd, FileStat.EMPTY_PATH, npfd, to, FcntlH.AT_EMPTY_PATH)
                    : PathOps.linkatRaw(FcntlH.AT_FDCWD, Fds.procFdPath(Scratch.get().procPath, fd), npfd, to,
                    FcntlH.AT_SYMLINK_FOLLOW);
            if (r < 0) return r;
            int child = openBeneath(npfd, to, PATH_OPEN, 0);
            if (child < 0) return child;
            return fds.entryFromFd(child, out, true, np);
        });
    }
}
