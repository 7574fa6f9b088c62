package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.FcntlH;
import io.jvirtiod.binding.sys.Fds;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.FileStat;
import io.jvirtiod.binding.sys.LockH;
import io.jvirtiod.binding.sys.Locks;
import io.jvirtiod.binding.sys.StatH;
import io.jvirtiod.binding.sys.Statx;
import io.jvirtiod.fs.Context;
import io.jvirtiod.fs.protocol.EntryOut;
import io.jvirtiod.fs.protocol.Name;
import io.jvirtiod.fs.protocol.OpenOut;

import java.lang.foreign.MemorySegment;

import static io.jvirtiod.fs.passthrough.InodeFds.DOT;
import static io.jvirtiod.fs.passthrough.InodeFds.donePath;
import static io.jvirtiod.fs.passthrough.InodeFds.openBeneath;
import static io.jvirtiod.fs.passthrough.Names.check;
import static io.jvirtiod.fs.passthrough.Names.cstr;

/**
 * Opening and closing files and directories: OPEN, OPENDIR, CREATE, TMPFILE, RELEASE and RELEASEDIR. An open
 * reopens the inode with the guest's flags as the host should see them, becomes a handle in the
 * {@link OpenFileTable}, and gets the cache mode's open flags or a passthrough backing id.
 */
final class Opens {
    private final InodeFds fds;
    private final InodeTable inodes;
    private final OpenFileTable files;
    private final PassthroughConfig config;
    private final Credentials creds;
    private final BackingIds backing;
    private final RemappedCapability capability;
    private volatile boolean writebackActive;
    private volatile int noFlush; // FOPEN_NOFLUSH for file opens unless POSIX locks are ours (set at INIT)

    Opens(InodeFds fds, PassthroughConfig config, Credentials creds, BackingIds backing,
          RemappedCapability capability) {
        this.fds = fds;
        this.inodes = fds.inodes;
        this.files = fds.files;
        this.config = config;
        this.creds = creds;
        this.backing = backing;
        this.capability = capability;
    }

    /** What INIT agreed: writeback caching on, and POSIX locks served here (else FLUSH is not needed). */
    void negotiated(boolean writeback, boolean posixLocks) {
        writebackActive = writeback;
        // FLUSH only drops the POSIX locks of the closing owner (see flush); without ours there is nothing to do.
        // Under writeback caching the kernel sends it regardless, after writing the dirty pages back.
        noFlush = posixLocks ? 0 : FuseH.FOPEN_NOFLUSH;
    }

    /**
     * Open flags as the host should see them: no creation flags, and with writeback caching no O_APPEND and no
     * write-only (the kernel reads pages to fill partial writes and keeps the file size), as virtiofsd does.
     */
    private int hostOpenFlags(int flags) {
        // O_DIRECT is the guest's business unless --allow-direct-io (virtiofsd's update_open_flags / open_inode):
        // the guest bypasses its own page cache, not the host's
        flags &= ~(FcntlH.O_CREAT | FcntlH.O_EXCL | FcntlH.O_NOCTTY | FcntlH.O_PATH);
        if (!config.allowDirectIo()) flags &= ~FcntlH.O_DIRECT;
        if (writebackActive) {
            flags &= ~FcntlH.O_APPEND;
            if ((flags & FcntlH.O_ACCMODE) == FcntlH.O_WRONLY) flags = (flags & ~FcntlH.O_ACCMODE) | FcntlH.O_RDWR;
        }
        return flags | FcntlH.O_CLOEXEC;
    }

    /** OPEN: reopens the inode (by handle, or through its held fd) with the guest's flags. */
    int open(long nodeid, int flags, int openFlags, OpenOut out) {
        Inode i = inodes.acquire(nodeid);
        if (i == null) return -Errno.ESTALE;
        try {
            if (i.type == StatH.S_IFDIR && (flags & FcntlH.O_ACCMODE) != FcntlH.O_RDONLY) return -Errno.EISDIR;
            int fd = fds.openInode(i, hostOpenFlags(flags));
            if (fd < 0) return fd;
            fd = truncated(fd, i.type, flags, openFlags);
            if (fd < 0) return fd;
            return finishOpen(fd, i, flags, i.type == StatH.S_IFDIR, i.type == StatH.S_IFREG, out);
        } finally {
            inodes.release(i);
        }
    }

    /**
     * After an open, or a create of an existing file. FUSE_OPEN_KILL_SUIDGID (fuse.h, with
     * FUSE_HANDLE_KILLPRIV_V2): the kernel asks it of an O_TRUNC open or create by a caller without CAP_FSETID and
     * leaves the killing to the server, whose own truncate, as root, would keep the bits. An O_TRUNC open drops a
     * renamed security.capability, as the kernel drops the real one. Returns {@code fd}, or closes it and returns
     * -errno.
     */
    private int truncated(int fd, int type, int flags, int openFlags) {
        int r = 0;
        if ((openFlags & FuseH.FUSE_OPEN_KILL_SUIDGID) != 0) {
            r = Attributes.killSuidgid(fd, Fds.procFdPath(Scratch.get().procPath, fd), type);
        }
        if (r == 0 && (flags & FcntlH.O_TRUNC) != 0 && type == StatH.S_IFREG) r = capability.dropFrom(fd);
        if (r < 0) {
            FileIo.closeRaw(fd);
            return r;
        }
        return fd;
    }

    int opendir(long nodeid, int flags, OpenOut out) {
        Inode i = inodes.acquire(nodeid);
        if (i == null) return -Errno.ESTALE;
        try {
            if (i.type != StatH.S_IFDIR) return -Errno.ENOTDIR;
            int fd = fds.openInode(i, FcntlH.O_RDONLY | FcntlH.O_DIRECTORY);
            if (fd < 0) return fd;
            return finishOpen(fd, i, flags, true, false, out);
        } finally {
            inodes.release(i);
        }
    }

    private int finishOpen(int fd, Inode inode, int flags, boolean directory, boolean regular, OpenOut out) {
        OpenFile f = files.add(fd, inode.nodeId, flags, directory);
        if (!directory) files.openedOn(f, inode);
        int openFlags = directory ? config.cache().dirOpenFlags() : config.cache().fileOpenFlags() | noFlush;
        int backingId = 0;
        if (regular) {
            backingId = backing.acquire(inode, fd);
            if (backingId > 0) {
                f.backingId = backingId;
                // fs/fuse/iomode.c fuse_file_passthrough_open fails the open (EIO) on any flag outside
                // FOPEN_PASSTHROUGH_MASK, such as KEEP_CACHE; the backing file's page cache serves the data anyway.
                // An O_DIRECT open also gets FOPEN_DIRECT_IO, which overrides passthrough for read and write: its
                // I/O comes to the daemon and, as without passthrough, bypasses the guest's cache but not the
                // host's (see hostOpenFlags). It still joins the inode's passthrough mode, so mmap and the other
                // opens keep using the backing file.
                openFlags = FuseH.FOPEN_PASSTHROUGH | noFlush
                        | ((flags & FcntlH.O_DIRECT) != 0 ? FuseH.FOPEN_DIRECT_IO : 0);
            }
        }
        out.fh(f.fh).openFlags(openFlags).backingId(backingId);
        return 0;
    }

    /**
     * CREATE: creates and opens {@code name} as the caller; an entry and an open reply. The create is always
     * exclusive (O_CREAT|O_EXCL): O_CREAT alone would open whatever already has that name, a FIFO or a device
     * node included. Without the guest's O_EXCL an existing entry is then opened only if it is a regular file,
     * and loses its set-id bits if the kernel asks (FUSE_OPEN_KILL_SUIDGID in {@code openFlags}), as for OPEN.
     */
    int create(Context ctx, long parent, Name name, int flags, int mode, int umask, int openFlags, EntryOut entry,
               OpenOut open) {
        int bad = check(name);
        if (bad < 0) return bad;
        Inode p = inodes.acquire(parent);
        if (p == null) return -Errno.ESTALE;
        int pfd = -1;
        try {
            pfd = fds.pathFd(p);
            if (pfd < 0) return pfd;
            int hostFlags = hostOpenFlags(flags);
            MemorySegment cname = cstr(name);
            int as = creds.become(ctx);
            if (as < 0) return as;
            int fd;
            boolean existed = false;
            try {
                fd = openBeneath(pfd, cname, hostFlags | FcntlH.O_CREAT | FcntlH.O_EXCL | FcntlH.O_NOFOLLOW,
                        mode & ~umask & 07777);
                if (fd == -Errno.EEXIST && (flags & FcntlH.O_EXCL) == 0) {
                    fd = openExisting(pfd, cname, hostFlags);
                    existed = true;
                }
            } finally {
                Credentials.unbecome(as);
            }
            // A file this CREATE made was not truncated: it keeps the mode it was made with.
            if (existed && fd >= 0) fd = truncated(fd, StatH.S_IFREG, flags, openFlags);
            if (fd < 0) return fd;
            return entryAndOpen(fd, flags, entry, open);
        } finally {
            donePath(p, pfd);
            inodes.release(p);
        }
    }

    /**
     * Opens the entry {@code name} of {@code pfd} that a CREATE found existing, if it is a regular file: its
     * O_PATH fd tells its type, and reopening that fd through its magic link reaches exactly the inode checked.
     */
    private static int openExisting(int pfd, MemorySegment name, int hostFlags) {
        int pathFd = openBeneath(pfd, name, InodeFds.PATH_OPEN, 0);
        if (pathFd < 0) return pathFd;
        try {
            MemorySegment statx = Scratch.get().statx;
            int r = FileStat.statxRaw(pathFd, FileStat.EMPTY_PATH, InodeFds.STAT_FLAGS, StatH.STATX_TYPE, statx);
            if (r < 0) return r;
            int type = Statx.mode(statx) & StatH.S_IFMT;
            if (type == StatH.S_IFDIR) return -Errno.EISDIR;
            if (type == StatH.S_IFLNK) return -Errno.ELOOP; // as O_CREAT|O_NOFOLLOW on a symlink answers
            if (!InodeFds.isSafe(type)) return -Errno.EBADF;
            // The magic link must be followed, whatever O_NOFOLLOW the guest asked for: the inode is checked.
            return FileIo.openRaw(Fds.procFdPath(Scratch.get().procPath, pathFd), hostFlags & ~FcntlH.O_NOFOLLOW, 0);
        } finally {
            FileIo.closeRaw(pathFd);
        }
    }

    /** The entry and open replies of a file just created and opened as {@code fd} (consumed). */
    private int entryAndOpen(int fd, int flags, EntryOut entry, OpenOut open) {
        int r = fds.entryFromFd(fd, entry, false, null); // a regular file: never a submount, no parent needed
        if (r < 0) {
            FileIo.closeRaw(fd);
            return r;
        }
        Inode i = inodes.acquire(entry.nodeid());
        if (i == null) { // forgotten already by a racing FORGET: the kernel never got this entry
            FileIo.closeRaw(fd);
            return -Errno.ESTALE;
        }
        try {
            return finishOpen(fd, i, flags, false, true, open);
        } finally {
            inodes.release(i);
        }
    }

    /** TMPFILE: an unnamed file (O_TMPFILE) in {@code parent}, as the caller. */
    int tmpfile(Context ctx, long parent, int flags, int mode, int umask, EntryOut entry, OpenOut open) {
        Inode p = inodes.acquire(parent);
        if (p == null) return -Errno.ESTALE;
        int dirFd = -1;
        try {
            dirFd = fds.openInode(p, FcntlH.O_RDONLY | FcntlH.O_DIRECTORY);
            if (dirFd < 0) return dirFd;
            int acc = (flags & FcntlH.O_ACCMODE) == FcntlH.O_RDONLY ? FcntlH.O_RDWR : flags & FcntlH.O_ACCMODE;
            int hostFlags = (hostOpenFlags(flags) & ~FcntlH.O_ACCMODE) | acc | FcntlH.O_TMPFILE;
            int as = creds.become(ctx);
            if (as < 0) return as;
            int fd;
            try {
                fd = FileIo.openatRaw(dirFd, DOT, hostFlags, mode & ~umask & 07777);
            } finally {
                Credentials.unbecome(as);
            }
            if (fd < 0) return fd;
            return entryAndOpen(fd, flags, entry, open);
        } finally {
            if (dirFd >= 0) FileIo.closeRaw(dirFd);
            inodes.release(p);
        }
    }

    /** RELEASE: closes the handle, unlocking flocks and unregistering its passthrough backing file. */
    int release(long fh, int releaseFlags) {
        OpenFile f = files.acquire(fh);
        if (f == null) return -Errno.EBADF;
        try {
            if ((releaseFlags & FuseH.FUSE_RELEASE_FLOCK_UNLOCK) != 0) Locks.flockRaw(f.fd, LockH.LOCK_UN);
            backing.release(f);
        } finally {
            files.release(f);
        }
        files.remove(fh);
        return 0;
    }

    int releasedir(long fh) {
        return files.remove(fh) == null ? -Errno.EBADF : 0;
    }
}
