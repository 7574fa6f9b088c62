package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.FcntlH;
import io.jvirtiod.binding.sys.Fds;
import io.jvirtiod.binding.sys.FileHandle;
import io.jvirtiod.binding.sys.FileHandles;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.FileStat;
import io.jvirtiod.binding.sys.OpenHow;
import io.jvirtiod.binding.sys.StatH;
import io.jvirtiod.binding.sys.Statx;
import io.jvirtiod.fs.protocol.EntryOut;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Inode lookup and handles: the fds through which every operation reaches a pinned inode (its held O_PATH fd,
 * or one opened from its file handle), the confined openat2 that finds a child, and the entry reply of a child
 * just found or made, which deduplicates it in the {@link InodeTable}. The other parts of {@link PassthroughFs}
 * reach inodes and open files only through here.
 */
final class InodeFds {
    static final int PATH_OPEN = FcntlH.O_PATH | FcntlH.O_NOFOLLOW | FcntlH.O_CLOEXEC;
    static final long RESOLVE = FcntlH.RESOLVE_BENEATH | FcntlH.RESOLVE_NO_MAGICLINKS;
    static final int STATX_WANT = StatH.STATX_BASIC_STATS | StatH.STATX_BTIME | StatH.STATX_MNT_ID;
    static final int STAT_FLAGS = FcntlH.AT_EMPTY_PATH | FcntlH.AT_SYMLINK_NOFOLLOW;
    /** "." as a C string: a directory fd's own directory (TMPFILE, and reopening a directory). */
    static final MemorySegment DOT = Arena.global().allocateFrom(".");

    final InodeTable inodes;
    final OpenFileTable files;
    /** The shared directory's plain fd ({@link PassthroughFs}), which new inodes open their handles from. */
    private final int mountFd;
    /** True if inodes are held by file handles rather than fds. */
    final boolean handles;
    /** The generation every entry reply carries (see the {@link PassthroughFs} constructor). */
    final long generation;
    /** Entry and attribute timeout of every reply ({@link PassthroughConfig#entryTimeoutNanos}): seconds, ns. */
    final long timeout;
    final int timeoutNsec;
    /** True once INIT agreed to announce submounts ({@link PassthroughConfig#announceSubmounts}). */
    volatile boolean announceSubmounts;

    InodeFds(InodeTable inodes, OpenFileTable files, int mountFd, boolean handles, long generation,
                long timeoutNanos) {
        this.inodes = inodes;
        this.files = files;
        this.mountFd = mountFd;
        this.handles = handles;
        this.generation = generation;
        this.timeout = timeoutNanos / 1_000_000_000L;
        this.timeoutNsec = (int) (timeoutNanos % 1_000_000_000L);
    }

    /** True if replies carry a non-zero timeout (a negative entry is worth caching). */
    boolean caches() {
        return timeout > 0 || timeoutNsec > 0;
    }

    static long devOf(MemorySegment statx) {
        return ((long) Statx.devMajor(statx) << 32) | (Statx.devMinor(statx) & 0xffffffffL);
    }

    /**
     * An O_PATH fd for a pinned inode: its held fd, or one opened from its handle. A directory offers the one it
     * opened to the table's fd cache; {@link #donePath} closes it unless the inode took it.
     */
    int pathFd(Inode i) {
        int fd = i.pathFd;
        if (fd >= 0) {
            i.referenced = true;
            return fd;
        }
        if (i.handle == null) return -Errno.ESTALE;
        fd = FileHandles.openByHandleAtRaw(i.mountFd, handleOf(i), FcntlH.O_PATH | FcntlH.O_CLOEXEC);
        if (fd >= 0 && i.type == StatH.S_IFDIR) inodes.cacheFd(i, fd);
        return fd;
    }

    /** The inode's file handle in this thread's native handle buffer. */
    private static MemorySegment handleOf(Inode i) {
        MemorySegment h = Scratch.get().handleOut;
        MemorySegment.copy(i.handle, 0, h, JAVA_BYTE, 0, i.handle.length);
        return h.asSlice(0, i.handle.length);
    }

    /** Closes an fd from {@link #pathFd} unless it is the inode's held one. */
    static void donePath(Inode i, int fd) {
        if (fd >= 0 && fd != i.pathFd) FileIo.closeRaw(fd);
    }

    /**
     * Opens a pinned inode for I/O with {@code flags} (never following a symlink); returns the fd or -errno.
     * Only regular files and directories are ever opened (virtiofsd's is_safe_inode): a guest that made a FIFO
     * would block the worker on its open, and a device node it made would hand it the host's device
     * (CVE-2020-35517); their other operations (getattr, setxattr, ...) go through the O_PATH fd.
     */
    int openInode(Inode i, int flags) {
        if (i.type == StatH.S_IFLNK) return -Errno.ELOOP;
        if (!isSafe(i.type)) return -Errno.EBADF;
        flags = (flags & ~(FcntlH.O_CREAT | FcntlH.O_EXCL | FcntlH.O_NOCTTY | FcntlH.O_PATH)) | FcntlH.O_CLOEXEC;
        int held = i.pathFd;
        if (held < 0 && i.handle != null) return FileHandles.openByHandleAtRaw(i.mountFd, handleOf(i), flags);
        int fd = held >= 0 ? held : pathFd(i);
        if (fd < 0) return fd;
        int r = -Errno.EACCES;
        // "." beneath a directory's own fd is that directory, found without the walk through /proc that a magic
        // link costs (OPENDIR of every directory a walk enters). It needs search permission on the directory,
        // which an unprivileged daemon may lack; then the magic link, which needs only read permission.
        if (i.type == StatH.S_IFDIR) r = FileIo.openatRaw(fd, DOT, flags | FcntlH.O_DIRECTORY, 0);
        if (r == -Errno.EACCES) {
            // Reopening an O_PATH fd through its /proc/self/fd magic link reaches exactly that inode.
            MemorySegment path = Fds.procFdPath(Scratch.get().procPath, fd);
            r = FileIo.openRaw(path, flags, 0);
        }
        donePath(i, fd);
        return r;
    }

    /** True for the file types the daemon may open for I/O: regular files and directories. */
    static boolean isSafe(int type) {
        return type == StatH.S_IFREG || type == StatH.S_IFDIR;
    }

    /** openat2(dirfd, name, O_PATH|O_NOFOLLOW, RESOLVE_BENEATH|RESOLVE_NO_MAGICLINKS). */
    static int openBeneath(int dirfd, MemorySegment name, int flags, int mode) {
        MemorySegment how = Scratch.get().how;
        OpenHow.set(how, flags, mode, RESOLVE);
        return FileIo.openat2Raw(dirfd, name, how);
    }

    /**
     * Turns an fd of a child just opened or created into an entry: statx for attributes and identity, then
     * dedup in the inode table (one more lookup) and the entry reply. A {@code pathFd} (O_PATH) is consumed: it
     * becomes the inode's held fd or is closed. Any other fd (a file just created and opened for I/O) is only
     * borrowed, so CREATE needs no dup/close pair; an inode that must hold an fd gets an O_PATH reopening of it.
     * A directory on another mount than {@code parent} (pinned by the caller) is marked FUSE_ATTR_SUBMOUNT when
     * submounts are announced (virtiofsd's do_lookup rule: st_dev or mount id differ); {@code parent} may be null
     * for a regular file just created, or when submounts are not announced.
     */
    int entryFromFd(int fd, EntryOut out, boolean pathFd, Inode parent) {
        Scratch s = Scratch.get();
        int r = FileStat.statxRaw(fd, FileStat.EMPTY_PATH, STAT_FLAGS, STATX_WANT, s.statx);
        if (r < 0) {
            if (pathFd) FileIo.closeRaw(fd);
            return r;
        }
        long dev = devOf(s.statx);
        long ino = Statx.ino(s.statx);
        long mnt = Statx.mntId(s.statx);
        int type = Statx.mode(s.statx) & StatH.S_IFMT;
        // The handle identifies the inode including its generation: (dev, ino) alone is reused after a delete.
        byte[] handle = null;
        if (handles && Statx.nlink(s.statx) > 0
                && FileHandles.nameToHandleAtRaw(fd, FileStat.EMPTY_PATH, s.handle, s.mountId,
                FcntlH.AT_EMPTY_PATH) == 0 && s.mountId.get(JAVA_INT, 0) == (int) inodes.root().mntId) {
            handle = s.handle.asSlice(0, FileHandle.usedSize(s.handle)).toArray(JAVA_BYTE);
        }
        Inode inode = inodes.find(dev, ino, mnt, handle);
        if (inode != null) {
            inodes.addLookup(inode);
            // a directory whose cached fd was evicted takes this one back
            if (pathFd && (type != StatH.S_IFDIR || !inodes.cacheFd(inode, fd))) FileIo.closeRaw(fd);
        } else {
            int held = -1;
            // Directories keep an O_PATH fd even when they have a handle: they are the parents of nearly every
            // request, and reopening by handle costs an open_by_handle_at and a close each time. The table caches
            // a bounded number of them. Files (the many) stay handle-only.
            if (handle != null && type != StatH.S_IFDIR) {
                if (pathFd) FileIo.closeRaw(fd);
            } else if (pathFd) {
                held = fd;
            } else {
                held = reopenPath(fd);
                if (held < 0) return held;
            }
            inode = inodes.addLookup(dev, ino, mnt, type, handle, mountFd, held);
            if (inode == null) { // the inode limit: refuse as a process over its open-file limit is refused
                if (held >= 0) FileIo.closeRaw(held);
                return -Errno.ENFILE;
            }
            if (held >= 0 && inode.pathFd != held) FileIo.closeRaw(held); // another thread inserted it first
        }
        fillEntry(out, inode.nodeId, s.statx);
        if (announceSubmounts && type == StatH.S_IFDIR && (dev != parent.dev || mnt != parent.mntId)) {
            out.attr().flags(FuseH.FUSE_ATTR_SUBMOUNT);
        }
        inodes.release(inode);
        return 0;
    }

    /** An O_PATH fd of the inode behind any fd (through its magic link), for holding. */
    private static int reopenPath(int fd) {
        MemorySegment path = Fds.procFdPath(Scratch.get().procPath, fd);
        return FileIo.openRaw(path, FcntlH.O_PATH | FcntlH.O_CLOEXEC, 0);
    }

    private void fillEntry(EntryOut out, long nodeId, MemorySegment statx) {
        out.nodeid(nodeId).generation(generation).entryValid(timeout, timeoutNsec).attrValid(timeout, timeoutNsec);
        Attributes.fillAttr(out.attr(), statx);
    }

    private int statxOf(Inode i, MemorySegment statx) {
        int fd = pathFd(i);
        if (fd < 0) return fd;
        int r = FileStat.statxRaw(fd, FileStat.EMPTY_PATH, STAT_FLAGS, STATX_WANT, statx);
        donePath(i, fd);
        return r;
    }

    /** statx of an open file ({@code fh}) or else of an inode, into this thread's scratch statx. */
    int statxOfFileOrInode(long nodeId, boolean useFh, long fh) {
        Scratch s = Scratch.get();
        if (useFh) {
            OpenFile f = files.acquire(fh);
            if (f == null) return -Errno.EBADF;
            int r = FileStat.statxRaw(f.fd, FileStat.EMPTY_PATH, STAT_FLAGS, STATX_WANT, s.statx);
            files.release(f);
            return r;
        }
        Inode i = inodes.acquire(nodeId);
        if (i == null) return -Errno.ESTALE;
        int r = statxOf(i, s.statx);
        inodes.release(i);
        return r;
    }
}
