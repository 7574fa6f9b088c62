package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.fuse.FuseAttr;
import io.jvirtiod.binding.fuse.FuseAttrOut;
import io.jvirtiod.binding.fuse.FuseDirent;
import io.jvirtiod.binding.fuse.FuseDirentplus;
import io.jvirtiod.binding.fuse.FuseEntryOut;
import io.jvirtiod.binding.fuse.FuseFileLock;
import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseKstatfs;
import io.jvirtiod.binding.fuse.FuseOpenOut;
import io.jvirtiod.binding.fuse.FuseSetattrIn;
import io.jvirtiod.binding.fuse.FuseStatx;
import io.jvirtiod.binding.fuse.FuseStatxOut;
import io.jvirtiod.binding.fuse.FuseSxTime;
import io.jvirtiod.binding.sys.Creds;
import io.jvirtiod.binding.sys.Dirent64;
import io.jvirtiod.binding.sys.Dirents;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.ErrnoException;
import io.jvirtiod.binding.sys.FcntlH;
import io.jvirtiod.binding.sys.Fds;
import io.jvirtiod.binding.sys.FileAttr;
import io.jvirtiod.binding.sys.FileData;
import io.jvirtiod.binding.sys.FileHandle;
import io.jvirtiod.binding.sys.FileHandles;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.FileStat;
import io.jvirtiod.binding.sys.Flock;
import io.jvirtiod.binding.sys.LockH;
import io.jvirtiod.binding.sys.Locks;
import io.jvirtiod.binding.sys.OpenHow;
import io.jvirtiod.binding.sys.PathOps;
import io.jvirtiod.binding.sys.RenameH;
import io.jvirtiod.binding.sys.SeekH;
import io.jvirtiod.binding.sys.StatH;
import io.jvirtiod.binding.sys.Statfs;
import io.jvirtiod.binding.sys.Statx;
import io.jvirtiod.binding.sys.Timespec;
import io.jvirtiod.binding.sys.Xattr;
import org.agrona.collections.Long2LongHashMap;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A passthrough file system confined to one host directory: every FUSE operation maps onto the same operation
 * on the host file, made relative to the parent's fd with single-component names.
 *
 * <p>Confinement (the guest is untrusted): names are checked to be one component ({@link Names}); every path
 * resolution is openat2(parent fd, name, O_PATH | O_NOFOLLOW, RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS), so
 * "..", absolute symlinks, /proc magic links and rename races cannot leave the share; symlinks are never
 * followed (they are inodes of their own; READLINK returns their text); node ids and file handles are table
 * keys, never host fds or inode numbers, so stale or forged ones fail with ESTALE/EBADF.
 *
 * <p>Inodes are held by file handle where the host allows (virtiofsd {@code --inode-file-handles=prefer}), so
 * the daemon needs no fd per known inode; otherwise by an O_PATH fd.
 *
 * <p>Every method returns 0 (or a size) on success and a negative errno on failure, fills its reply into the
 * caller's segment in the FUSE wire layout, and allocates no memory on its normal path. Methods that create
 * files do it with the caller's fsuid/fsgid on the calling thread only, so ownership comes out right.
 */
public final class PassthroughFs implements AutoCloseable {
    private static final int PATH_OPEN = FcntlH.O_PATH | FcntlH.O_NOFOLLOW | FcntlH.O_CLOEXEC;
    private static final long RESOLVE = FcntlH.RESOLVE_BENEATH | FcntlH.RESOLVE_NO_MAGICLINKS;
    private static final int STATX_WANT = StatH.STATX_BASIC_STATS | StatH.STATX_BTIME | StatH.STATX_MNT_ID;
    private static final int STAT_FLAGS = FcntlH.AT_EMPTY_PATH | FcntlH.AT_SYMLINK_NOFOLLOW;
    private static final long OFFSET_MAX = Long.MAX_VALUE;

    private final PassthroughConfig config;
    private final int rootFd;
    private final InodeTable inodes;
    private final OpenFileTable files = new OpenFileTable();
    private final boolean handles;
    private final boolean root;
    private final long generation;
    private final long timeout;
    private volatile BackingFiles backing = BackingFiles.NONE;
    private volatile boolean writebackActive;

    /** Opens the shared directory; fails with a message naming it if it is missing or not a directory. */
    public PassthroughFs(PassthroughConfig config) {
        this.config = config;
        this.root = Creds.geteuid() == 0;
        this.rootFd = FileIo.open(config.sharedDir().toString(),
                FcntlH.O_PATH | FcntlH.O_DIRECTORY | FcntlH.O_CLOEXEC, 0);
        Scratch s = Scratch.get();
        int r = FileStat.statxRaw(rootFd, FileStat.EMPTY_PATH, STAT_FLAGS, STATX_WANT, s.statx);
        if (r < 0) {
            FileIo.closeRaw(rootFd);
            throw new ErrnoException("statx(" + config.sharedDir() + ")", -r);
        }
        this.inodes = new InodeTable(devOf(s.statx), Statx.ino(s.statx), Statx.mntId(s.statx), rootFd);
        this.handles = config.fileHandles() && handlesWork(rootFd);
        // node id:generation must be unique over the file system's life; node ids restart at 2 with every
        // daemon start, so the start time tells a restarted daemon's ids from the previous one's.
        this.generation = System.currentTimeMillis() / 1000;
        this.timeout = config.cache().timeoutSeconds();
        // The kernel applies the caller's umask before sending a mode (FUSE_DONT_MASK is not negotiated), so
        // the host must not apply the daemon's as well.
        Creds.umask(0);
    }

    /** True if name_to_handle_at and open_by_handle_at both work on this file system with our privileges. */
    private static boolean handlesWork(int dirFd) {
        Scratch s = Scratch.get();
        if (FileHandles.nameToHandleAtRaw(dirFd, FileStat.EMPTY_PATH, s.handle, s.mountId, FcntlH.AT_EMPTY_PATH) < 0) {
            return false;
        }
        int fd = FileHandles.openByHandleAtRaw(dirFd, s.handle, FcntlH.O_PATH | FcntlH.O_CLOEXEC);
        if (fd < 0) return false;
        FileIo.closeRaw(fd);
        return true;
    }

    public PassthroughConfig config() {
        return config;
    }

    public InodeTable inodes() {
        return inodes;
    }

    public OpenFileTable files() {
        return files;
    }

    /** True if inodes are held by file handles rather than fds. */
    public boolean usesFileHandles() {
        return handles;
    }

    /** Sets how FUSE passthrough backing files are registered (the /dev/fuse transport provides one). */
    public void backingFiles(BackingFiles b) {
        this.backing = b == null ? BackingFiles.NONE : b;
    }

    // ---- INIT / DESTROY -------------------------------------------------------------------------------------

    /**
     * INIT: the capability flags this file system wants, out of those the kernel offers. Transport-level flags
     * (max pages, splice, ...) are the protocol layer's business and not included.
     */
    public long initFlags(long offered) {
        long want = FuseH.FUSE_ASYNC_READ | FuseH.FUSE_POSIX_LOCKS | FuseH.FUSE_ATOMIC_O_TRUNC
                | FuseH.FUSE_EXPORT_SUPPORT | FuseH.FUSE_BIG_WRITES | FuseH.FUSE_FLOCK_LOCKS
                | FuseH.FUSE_DO_READDIRPLUS | FuseH.FUSE_READDIRPLUS_AUTO | FuseH.FUSE_PARALLEL_DIROPS
                | FuseH.FUSE_ASYNC_DIO | FuseH.FUSE_SETXATTR_EXT | FuseH.FUSE_AUTO_INVAL_DATA
                | FuseH.FUSE_HANDLE_KILLPRIV_V2 | FuseH.FUSE_CACHE_SYMLINKS;
        if (config.writeback()) want |= FuseH.FUSE_WRITEBACK_CACHE;
        if (config.passthrough() && config.cache().cachesData()) want |= FuseH.FUSE_PASSTHROUGH;
        long granted = want & offered;
        writebackActive = (granted & FuseH.FUSE_WRITEBACK_CACHE) != 0;
        return granted;
    }

    /** DESTROY: closes every open file and forgets every inode but the root. */
    public void destroy() {
        files.clear();
        inodes.clear();
    }

    @Override
    public void close() {
        destroy();
        FileIo.closeRaw(rootFd);
    }

    // ---- inode access -----------------------------------------------------------------------------------------

    private static long devOf(MemorySegment statx) {
        return ((long) Statx.devMajor(statx) << 32) | (Statx.devMinor(statx) & 0xffffffffL);
    }

    /** An O_PATH fd for a pinned inode: its held fd, or one opened from its handle (the caller closes it). */
    private int pathFd(Inode i) {
        int fd = i.pathFd;
        if (fd >= 0) return fd;
        return FileHandles.openByHandleAtRaw(i.mountFd, i.handle, FcntlH.O_PATH | FcntlH.O_CLOEXEC);
    }

    /** Closes an fd from {@link #pathFd} unless it is the inode's held one. */
    private static void donePath(Inode i, int fd) {
        if (fd >= 0 && fd != i.pathFd) FileIo.closeRaw(fd);
    }

    /** Opens a pinned inode for I/O with {@code flags} (never following a symlink); returns the fd or -errno. */
    private int openInode(Inode i, int flags) {
        if (i.type == StatH.S_IFLNK) return -Errno.ELOOP;
        flags = (flags & ~(FcntlH.O_CREAT | FcntlH.O_EXCL | FcntlH.O_NOCTTY | FcntlH.O_PATH)) | FcntlH.O_CLOEXEC;
        int held = i.pathFd;
        if (held < 0 && i.handle != null) return FileHandles.openByHandleAtRaw(i.mountFd, i.handle, flags);
        int fd = held >= 0 ? held : pathFd(i);
        if (fd < 0) return fd;
        // Reopening an O_PATH fd through its /proc/self/fd magic link reaches exactly that inode.
        MemorySegment path = Xattr.procFdPath(Scratch.get().procPath, fd);
        int r = FileIo.openRaw(path, flags, 0);
        donePath(i, fd);
        return r;
    }

    /** openat2(dirfd, name, O_PATH|O_NOFOLLOW, RESOLVE_BENEATH|RESOLVE_NO_MAGICLINKS). */
    private static int openBeneath(int dirfd, MemorySegment name, int flags, int mode) {
        MemorySegment how = Scratch.get().how;
        OpenHow.set(how, flags, mode, RESOLVE);
        return FileIo.openat2Raw(dirfd, name, how);
    }

    /**
     * Turns an fd of a child just opened or created into an entry: statx for attributes and identity, then
     * dedup in the inode table (one more lookup) and the entry reply. Consumes {@code fd} (an O_PATH fd or an
     * open file: name_to_handle_at and statx work on both).
     */
    private int entryFromFd(int fd, MemorySegment entryOut, boolean mayHoldFd) {
        Scratch s = Scratch.get();
        int r = FileStat.statxRaw(fd, FileStat.EMPTY_PATH, STAT_FLAGS, STATX_WANT, s.statx);
        if (r < 0) {
            FileIo.closeRaw(fd);
            return r;
        }
        long dev = devOf(s.statx);
        long ino = Statx.ino(s.statx);
        long mnt = Statx.mntId(s.statx);
        int type = Statx.mode(s.statx) & StatH.S_IFMT;
        Inode inode = inodes.find(dev, ino, mnt);
        if (inode != null) {
            inodes.addLookup(inode);
            FileIo.closeRaw(fd);
        } else {
            MemorySegment handle = null;
            int held = -1;
            if (handles && Statx.nlink(s.statx) > 0
                    && FileHandles.nameToHandleAtRaw(fd, FileStat.EMPTY_PATH, s.handle, s.mountId,
                    FcntlH.AT_EMPTY_PATH) == 0 && s.mountId.get(JAVA_INT, 0) == (int) inodes.root().mntId) {
                handle = Arena.ofAuto().allocate(FileHandle.usedSize(s.handle), 8);
                MemorySegment.copy(s.handle, 0, handle, 0, handle.byteSize());
                FileIo.closeRaw(fd);
            } else if (mayHoldFd) {
                held = fd;
            } else {
                held = reopenPath(fd);
                FileIo.closeRaw(fd);
                if (held < 0) return held;
            }
            inode = inodes.addLookup(dev, ino, mnt, type, handle, rootFd, held);
            if (held >= 0 && inode.pathFd != held) FileIo.closeRaw(held); // another thread inserted it first
        }
        fillEntry(entryOut, inode.nodeId, s.statx);
        inodes.release(inode);
        return 0;
    }

    /** An O_PATH fd of the inode behind any fd (through its magic link), for holding. */
    private static int reopenPath(int fd) {
        MemorySegment path = Xattr.procFdPath(Scratch.get().procPath, fd);
        return FileIo.openRaw(path, FcntlH.O_PATH | FcntlH.O_CLOEXEC, 0);
    }

    private void fillEntry(MemorySegment out, long nodeId, MemorySegment statx) {
        out.set(JAVA_LONG, FuseEntryOut.OFFSET_NODEID, nodeId);
        out.set(JAVA_LONG, FuseEntryOut.OFFSET_GENERATION, nodeId == 0 ? 0 : generation);
        out.set(JAVA_LONG, FuseEntryOut.OFFSET_ENTRY_VALID, timeout);
        out.set(JAVA_LONG, FuseEntryOut.OFFSET_ATTR_VALID, timeout);
        out.set(JAVA_INT, FuseEntryOut.OFFSET_ENTRY_VALID_NSEC, 0);
        out.set(JAVA_INT, FuseEntryOut.OFFSET_ATTR_VALID_NSEC, 0);
        fillAttr(out, FuseEntryOut.OFFSET_ATTR, statx);
    }

    /** Writes a {@code struct fuse_attr} at {@code at} from a statx result. */
    static void fillAttr(MemorySegment out, long at, MemorySegment sx) {
        out.set(JAVA_LONG, at + FuseAttr.OFFSET_INO, Statx.ino(sx));
        out.set(JAVA_LONG, at + FuseAttr.OFFSET_SIZE, Statx.size(sx));
        out.set(JAVA_LONG, at + FuseAttr.OFFSET_BLOCKS, Statx.blocks(sx));
        out.set(JAVA_LONG, at + FuseAttr.OFFSET_ATIME, Statx.sec(sx, Statx.OFFSET_STX_ATIME));
        out.set(JAVA_LONG, at + FuseAttr.OFFSET_MTIME, Statx.sec(sx, Statx.OFFSET_STX_MTIME));
        out.set(JAVA_LONG, at + FuseAttr.OFFSET_CTIME, Statx.sec(sx, Statx.OFFSET_STX_CTIME));
        out.set(JAVA_INT, at + FuseAttr.OFFSET_ATIMENSEC, Statx.nsec(sx, Statx.OFFSET_STX_ATIME));
        out.set(JAVA_INT, at + FuseAttr.OFFSET_MTIMENSEC, Statx.nsec(sx, Statx.OFFSET_STX_MTIME));
        out.set(JAVA_INT, at + FuseAttr.OFFSET_CTIMENSEC, Statx.nsec(sx, Statx.OFFSET_STX_CTIME));
        out.set(JAVA_INT, at + FuseAttr.OFFSET_MODE, Statx.mode(sx));
        out.set(JAVA_INT, at + FuseAttr.OFFSET_NLINK, Statx.nlink(sx));
        out.set(JAVA_INT, at + FuseAttr.OFFSET_UID, Statx.uid(sx));
        out.set(JAVA_INT, at + FuseAttr.OFFSET_GID, Statx.gid(sx));
        out.set(JAVA_INT, at + FuseAttr.OFFSET_RDEV, encodeDev(Statx.rdevMajor(sx), Statx.rdevMinor(sx)));
        out.set(JAVA_INT, at + FuseAttr.OFFSET_BLKSIZE, Statx.blksize(sx));
        out.set(JAVA_INT, at + FuseAttr.OFFSET_FLAGS, 0);
    }

    /** The kernel's 32-bit "new" dev_t encoding (new_encode_dev), as fuse_attr.rdev carries it. */
    static int encodeDev(int major, int minor) {
        return (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xff) << 12);
    }

    /** The kernel's decoding of a 32-bit dev_t into glibc's 64-bit one (makedev(major, minor)). */
    static long decodeDev(int rdev) {
        long major = (rdev & 0xfff00) >>> 8;
        long minor = (rdev & 0xff) | ((rdev >>> 12) & 0xfff00);
        return ((major & 0xfffff000L) << 32) | ((major & 0xfff) << 8) | ((minor & 0xffffff00L) << 12) | (minor & 0xff);
    }

    private int statxOf(Inode i, MemorySegment statx) {
        int fd = pathFd(i);
        if (fd < 0) return fd;
        int r = FileStat.statxRaw(fd, FileStat.EMPTY_PATH, STAT_FLAGS, STATX_WANT, statx);
        donePath(i, fd);
        return r;
    }

    // ---- name space ---------------------------------------------------------------------------------------

    /** LOOKUP of {@code name} (a NUL-terminated single component) in directory {@code parent}. */
    public int lookup(long parent, MemorySegment name, MemorySegment entryOut) {
        int bad = checkName(name);
        if (bad < 0) return bad;
        Inode p = inodes.acquire(parent);
        if (p == null) return -Errno.ESTALE;
        try {
            int pfd = pathFd(p);
            if (pfd < 0) return pfd;
            int fd = openBeneath(pfd, name, PATH_OPEN, 0);
            donePath(p, pfd);
            if (fd < 0) return fd;
            return entryFromFd(fd, entryOut, true);
        } finally {
            inodes.release(p);
        }
    }

    /** Validates a NUL-terminated name segment (length is up to the NUL). */
    private static int checkName(MemorySegment name) {
        long max = Math.min(name.byteSize(), Names.NAME_MAX + 2);
        for (long i = 0; i < max; i++) {
            if (name.get(JAVA_BYTE, i) == 0) return Names.check(name, 0, (int) i);
        }
        return name.byteSize() > Names.NAME_MAX + 1 ? -Errno.ENAMETOOLONG : -Errno.EINVAL;
    }

    /** FORGET / one entry of BATCH_FORGET. */
    public void forget(long nodeId, long nlookup) {
        inodes.forget(nodeId, nlookup);
    }

    /** GETATTR; with {@code fh} >= 0 (FUSE_GETATTR_FH) the open file is asked, which also works when unlinked. */
    public int getattr(long nodeId, long fh, MemorySegment attrOut) {
        Scratch s = Scratch.get();
        int r;
        if (fh > 0) {
            OpenFile f = files.acquire(fh);
            if (f == null) return -Errno.EBADF;
            r = FileStat.statxRaw(f.fd, FileStat.EMPTY_PATH, STAT_FLAGS, STATX_WANT, s.statx);
            files.release(f);
        } else {
            Inode i = inodes.acquire(nodeId);
            if (i == null) return -Errno.ESTALE;
            r = statxOf(i, s.statx);
            inodes.release(i);
        }
        if (r < 0) return r;
        fillAttrOut(attrOut, s.statx);
        return 0;
    }

    private void fillAttrOut(MemorySegment out, MemorySegment statx) {
        out.set(JAVA_LONG, FuseAttrOut.OFFSET_ATTR_VALID, timeout);
        out.set(JAVA_INT, FuseAttrOut.OFFSET_ATTR_VALID_NSEC, 0);
        out.set(JAVA_INT, FuseAttrOut.OFFSET_DUMMY, 0);
        fillAttr(out, FuseAttrOut.OFFSET_ATTR, statx);
    }

    /**
     * SETATTR from a {@code struct fuse_setattr_in}: mode, owner, size, times (including NOW) and
     * FATTR_KILL_SUIDGID, through the open file when FATTR_FH is set, else through the inode.
     */
    public int setattr(int uid, int gid, long nodeId, MemorySegment in, MemorySegment attrOut) {
        int valid = in.get(JAVA_INT, FuseSetattrIn.OFFSET_VALID);
        Inode i = inodes.acquire(nodeId);
        if (i == null) return -Errno.ESTALE;
        OpenFile f = null;
        int pfd = -1;
        try {
            if ((valid & FuseH.FATTR_FH) != 0) {
                f = files.acquire(in.get(JAVA_LONG, FuseSetattrIn.OFFSET_FH));
                if (f == null) return -Errno.EBADF;
            }
            pfd = pathFd(i);
            if (pfd < 0) return pfd;
            Scratch s = Scratch.get();
            MemorySegment proc = Xattr.procFdPath(s.procPath, pfd);
            int r;
            if ((valid & FuseH.FATTR_MODE) != 0) {
                int mode = in.get(JAVA_INT, FuseSetattrIn.OFFSET_MODE) & 07777;
                r = f != null ? FileAttr.fchmodRaw(f.fd, mode)
                        : i.type == StatH.S_IFLNK ? -Errno.EOPNOTSUPP
                        : FileAttr.fchmodatRaw(FcntlH.AT_FDCWD, proc, mode, 0);
                if (r < 0) return r;
            }
            if ((valid & (FuseH.FATTR_UID | FuseH.FATTR_GID)) != 0) {
                int nu = (valid & FuseH.FATTR_UID) != 0 ? in.get(JAVA_INT, FuseSetattrIn.OFFSET_UID) : -1;
                int ng = (valid & FuseH.FATTR_GID) != 0 ? in.get(JAVA_INT, FuseSetattrIn.OFFSET_GID) : -1;
                r = FileAttr.fchownatRaw(pfd, FileStat.EMPTY_PATH, nu, ng, STAT_FLAGS);
                if (r < 0) return r;
            }
            if ((valid & FuseH.FATTR_SIZE) != 0) {
                long size = in.get(JAVA_LONG, FuseSetattrIn.OFFSET_SIZE);
                if (f != null) {
                    r = FileData.ftruncateRaw(f.fd, size);
                } else if (i.type == StatH.S_IFDIR) {
                    r = -Errno.EISDIR;
                } else if (i.type != StatH.S_IFREG) {
                    r = -Errno.EINVAL;
                } else {
                    int wfd = openInode(i, FcntlH.O_WRONLY);
                    if (wfd < 0) return wfd;
                    r = FileData.ftruncateRaw(wfd, size);
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
                setTime(t, 0, valid, FuseH.FATTR_ATIME, FuseH.FATTR_ATIME_NOW,
                        in.get(JAVA_LONG, FuseSetattrIn.OFFSET_ATIME), in.get(JAVA_INT, FuseSetattrIn.OFFSET_ATIMENSEC));
                setTime(t, 1, valid, FuseH.FATTR_MTIME, FuseH.FATTR_MTIME_NOW,
                        in.get(JAVA_LONG, FuseSetattrIn.OFFSET_MTIME), in.get(JAVA_INT, FuseSetattrIn.OFFSET_MTIMENSEC));
                if (f != null) r = FileAttr.futimensRaw(f.fd, t);
                else if (i.type == StatH.S_IFLNK) r = FileAttr.utimensatRaw(pfd, FileStat.EMPTY_PATH, t, STAT_FLAGS);
                else r = FileAttr.utimensatRaw(FcntlH.AT_FDCWD, proc, t, 0);
                if (r < 0) return r;
            }
            r = FileStat.statxRaw(pfd, FileStat.EMPTY_PATH, STAT_FLAGS, STATX_WANT, s.statx);
            if (r < 0) return r;
            fillAttrOut(attrOut, s.statx);
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
    private static int killSuidgid(int pfd, MemorySegment proc, int type) {
        if (type != StatH.S_IFREG) return 0;
        MemorySegment st = Scratch.get().stat;
        int r = FileStat.fstatRaw(pfd, st);
        if (r < 0) return r;
        int mode = io.jvirtiod.binding.sys.Stat.mode(st);
        int kill = StatH.S_ISUID | ((mode & StatH.S_IXGRP) != 0 ? StatH.S_ISGID : 0);
        if ((mode & kill) == 0) return 0;
        return FileAttr.fchmodatRaw(FcntlH.AT_FDCWD, proc, mode & 07777 & ~kill, 0);
    }

    /** READLINK: the link text into {@code buf}; returns its length. Never resolves it. */
    public long readlink(long nodeId, MemorySegment buf) {
        Inode i = inodes.acquire(nodeId);
        if (i == null) return -Errno.ESTALE;
        try {
            if (i.type != StatH.S_IFLNK) return -Errno.EINVAL;
            int fd = pathFd(i);
            if (fd < 0) return fd;
            long r = PathOps.readlinkatRaw(fd, FileStat.EMPTY_PATH, buf);
            donePath(i, fd);
            return r;
        } finally {
            inodes.release(i);
        }
    }

    /** Switches this thread's fsuid/fsgid to the caller's (only effective when the daemon is root). */
    private void become(int uid, int gid) {
        if (!root) return;
        Creds.setfsgid(gid);
        Creds.setfsuid(uid);
    }

    private void unbecome() {
        if (!root) return;
        Creds.setfsuid(0);
        Creds.setfsgid(0);
    }

    /** Kinds of node a create operation makes. */
    private enum Make { MKNOD, MKDIR, SYMLINK }

    private int make(Make kind, int uid, int gid, long parent, MemorySegment name, int mode, int rdev,
                     MemorySegment target, MemorySegment entryOut) {
        int bad = checkName(name);
        if (bad < 0) return bad;
        Inode p = inodes.acquire(parent);
        if (p == null) return -Errno.ESTALE;
        int pfd = -1;
        try {
            pfd = pathFd(p);
            if (pfd < 0) return pfd;
            become(uid, gid);
            int r;
            try {
                r = switch (kind) {
                    case MKDIR -> PathOps.mkdiratRaw(pfd, name, mode & 07777);
                    case MKNOD -> PathOps.mknodatRaw(pfd, name, mode, decodeDev(rdev));
                    case SYMLINK -> PathOps.symlinkatRaw(target, pfd, name);
                };
            } finally {
                unbecome();
            }
            if (r < 0) return r;
            int fd = openBeneath(pfd, name, PATH_OPEN, 0);
            if (fd < 0) return fd;
            return entryFromFd(fd, entryOut, true);
        } finally {
            donePath(p, pfd);
            inodes.release(p);
        }
    }

    /** MKDIR with the caller's credentials. */
    public int mkdir(int uid, int gid, long parent, MemorySegment name, int mode, MemorySegment entryOut) {
        return make(Make.MKDIR, uid, gid, parent, name, mode, 0, null, entryOut);
    }

    /** MKNOD ({@code rdev} as the kernel's 32-bit encoding) with the caller's credentials. */
    public int mknod(int uid, int gid, long parent, MemorySegment name, int mode, int rdev, MemorySegment entryOut) {
        return make(Make.MKNOD, uid, gid, parent, name, mode, rdev, null, entryOut);
    }

    /** SYMLINK: {@code target} is stored as text and never resolved by the server. */
    public int symlink(int uid, int gid, long parent, MemorySegment name, MemorySegment target,
                       MemorySegment entryOut) {
        return make(Make.SYMLINK, uid, gid, parent, name, 0, 0, target, entryOut);
    }

    /**
     * Before a name that may be an inode's last goes away (unlink, rmdir, rename over it), a known inode with
     * one link gets a held O_PATH fd, since its handle stops opening it once it is unlinked but the kernel may
     * still use it (an unlinked open file).
     */
    private void holdIfLastLink(int pfd, MemorySegment name) {
        if (!handles) return;
        Scratch s = Scratch.get();
        if (FileStat.statxRaw(pfd, name, FcntlH.AT_SYMLINK_NOFOLLOW, STATX_WANT, s.statx) < 0) return;
        if (Statx.nlink(s.statx) > 1 && (Statx.mode(s.statx) & StatH.S_IFMT) != StatH.S_IFDIR) return;
        Inode known = inodes.find(devOf(s.statx), Statx.ino(s.statx), Statx.mntId(s.statx));
        if (known == null) return;
        try {
            if (known.pathFd >= 0) return;
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

    private int remove(long parent, MemorySegment name, int flags) {
        int bad = checkName(name);
        if (bad < 0) return bad;
        Inode p = inodes.acquire(parent);
        if (p == null) return -Errno.ESTALE;
        int pfd = -1;
        try {
            pfd = pathFd(p);
            if (pfd < 0) return pfd;
            holdIfLastLink(pfd, name);
            return PathOps.unlinkatRaw(pfd, name, flags);
        } finally {
            donePath(p, pfd);
            inodes.release(p);
        }
    }

    /** UNLINK. */
    public int unlink(long parent, MemorySegment name) {
        return remove(parent, name, 0);
    }

    /** RMDIR. */
    public int rmdir(long parent, MemorySegment name) {
        return remove(parent, name, FcntlH.AT_REMOVEDIR);
    }

    /** RENAME / RENAME2 with RENAME_NOREPLACE, RENAME_EXCHANGE or RENAME_WHITEOUT. */
    public int rename(long parent, MemorySegment name, long newParent, MemorySegment newName, int flags) {
        int bad = checkName(name);
        if (bad == 0) bad = checkName(newName);
        if (bad < 0) return bad;
        if ((flags & ~(RenameH.RENAME_NOREPLACE | RenameH.RENAME_EXCHANGE | RenameH.RENAME_WHITEOUT)) != 0) {
            return -Errno.EINVAL;
        }
        Inode p = inodes.acquire(parent);
        if (p == null) return -Errno.ESTALE;
        Inode np = inodes.acquire(newParent);
        if (np == null) {
            inodes.release(p);
            return -Errno.ESTALE;
        }
        int pfd = -1;
        int npfd = -1;
        try {
            pfd = pathFd(p);
            if (pfd < 0) return pfd;
            npfd = pathFd(np);
            if (npfd < 0) return npfd;
            if ((flags & (RenameH.RENAME_NOREPLACE | RenameH.RENAME_EXCHANGE)) == 0) holdIfLastLink(npfd, newName);
            return PathOps.renameat2Raw(pfd, name, npfd, newName, flags);
        } finally {
            donePath(p, pfd);
            donePath(np, npfd);
            inodes.release(p);
            inodes.release(np);
        }
    }

    /** LINK: a new name {@code newName} in {@code newParent} for inode {@code nodeId}. */
    public int link(long nodeId, long newParent, MemorySegment newName, MemorySegment entryOut) {
        int bad = checkName(newName);
        if (bad < 0) return bad;
        Inode i = inodes.acquire(nodeId);
        if (i == null) return -Errno.ESTALE;
        Inode np = inodes.acquire(newParent);
        if (np == null) {
            inodes.release(i);
            return -Errno.ESTALE;
        }
        int fd = -1;
        int npfd = -1;
        try {
            if (i.type == StatH.S_IFDIR) return -Errno.EPERM;
            fd = pathFd(i);
            if (fd < 0) return fd;
            npfd = pathFd(np);
            if (npfd < 0) return npfd;
            int r = root ? PathOps.linkatRaw(fd, FileStat.EMPTY_PATH, npfd, newName, FcntlH.AT_EMPTY_PATH)
                    : PathOps.linkatRaw(FcntlH.AT_FDCWD, Xattr.procFdPath(Scratch.get().procPath, fd), npfd, newName,
                    FcntlH.AT_SYMLINK_FOLLOW);
            if (r < 0) return r;
            int child = openBeneath(npfd, newName, PATH_OPEN, 0);
            if (child < 0) return child;
            return entryFromFd(child, entryOut, true);
        } finally {
            donePath(i, fd);
            donePath(np, npfd);
            inodes.release(i);
            inodes.release(np);
        }
    }

    // ---- files --------------------------------------------------------------------------------------------

    /** Open flags as the host should see them: no creation flags, and with writeback caching no O_APPEND and
     * no write-only (the kernel reads pages to fill partial writes), as virtiofsd does. */
    private int hostOpenFlags(int flags) {
        flags &= ~(FcntlH.O_CREAT | FcntlH.O_EXCL | FcntlH.O_NOCTTY | FcntlH.O_PATH);
        if (writebackActive) {
            flags &= ~FcntlH.O_APPEND;
            if ((flags & FcntlH.O_ACCMODE) == FcntlH.O_WRONLY) flags = (flags & ~FcntlH.O_ACCMODE) | FcntlH.O_RDWR;
        }
        return flags | FcntlH.O_CLOEXEC;
    }

    /** OPEN of inode {@code nodeId}; the reply gets the fh and the cache mode's FOPEN flags. */
    public int open(int uid, int gid, long nodeId, int flags, MemorySegment openOut) {
        Inode i = inodes.acquire(nodeId);
        if (i == null) return -Errno.ESTALE;
        try {
            if (i.type == StatH.S_IFDIR && (flags & FcntlH.O_ACCMODE) != FcntlH.O_RDONLY) return -Errno.EISDIR;
            int fd = openInode(i, hostOpenFlags(flags));
            if (fd < 0) return fd;
            return finishOpen(fd, i.nodeId, flags, i.type == StatH.S_IFDIR, openOut);
        } finally {
            inodes.release(i);
        }
    }

    private int finishOpen(int fd, long nodeId, int flags, boolean directory, MemorySegment openOut) {
        OpenFile f = files.add(fd, nodeId, flags, directory);
        int openFlags = directory ? config.cache().dirOpenFlags() : config.cache().fileOpenFlags();
        int backingId = 0;
        if (!directory && config.passthrough() && config.cache().cachesData()) {
            int id = backing.open(fd);
            if (id > 0) {
                backingId = id;
                f.backingId = id;
                openFlags = (openFlags & ~FuseH.FOPEN_DIRECT_IO) | FuseH.FOPEN_PASSTHROUGH;
            }
        }
        openOut.set(JAVA_LONG, FuseOpenOut.OFFSET_FH, f.fh);
        openOut.set(JAVA_INT, FuseOpenOut.OFFSET_OPEN_FLAGS, openFlags);
        openOut.set(JAVA_INT, FuseOpenOut.OFFSET_BACKING_ID, backingId);
        return 0;
    }

    /**
     * CREATE: opens {@code name} in {@code parent} with O_CREAT as the caller; the reply is an entry followed by
     * an open reply.
     */
    public int create(int uid, int gid, long parent, MemorySegment name, int flags, int mode, MemorySegment entryOut,
                      MemorySegment openOut) {
        int bad = checkName(name);
        if (bad < 0) return bad;
        Inode p = inodes.acquire(parent);
        if (p == null) return -Errno.ESTALE;
        int pfd = -1;
        try {
            pfd = pathFd(p);
            if (pfd < 0) return pfd;
            int hostFlags = hostOpenFlags(flags) | FcntlH.O_CREAT | (flags & FcntlH.O_EXCL) | FcntlH.O_NOFOLLOW;
            int fd;
            become(uid, gid);
            try {
                fd = openBeneath(pfd, name, hostFlags, mode & 07777);
            } finally {
                unbecome();
            }
            if (fd < 0) return fd;
            int dup = Fds.dupRaw(fd);
            if (dup < 0) {
                FileIo.closeRaw(fd);
                return dup;
            }
            int r = entryFromFd(dup, entryOut, false);
            if (r < 0) {
                FileIo.closeRaw(fd);
                return r;
            }
            return finishOpen(fd, entryOut.get(JAVA_LONG, FuseEntryOut.OFFSET_NODEID), flags, false, openOut);
        } finally {
            donePath(p, pfd);
            inodes.release(p);
        }
    }

    /** TMPFILE: an unnamed file in {@code parent} (O_TMPFILE), as the caller; entry and open replies. */
    public int tmpfile(int uid, int gid, long parent, int flags, int mode, MemorySegment entryOut,
                       MemorySegment openOut) {
        Inode p = inodes.acquire(parent);
        if (p == null) return -Errno.ESTALE;
        int dirFd = -1;
        try {
            dirFd = openInode(p, FcntlH.O_RDONLY | FcntlH.O_DIRECTORY);
            if (dirFd < 0) return dirFd;
            int accmode = (flags & FcntlH.O_ACCMODE) == FcntlH.O_RDONLY ? FcntlH.O_RDWR : flags & FcntlH.O_ACCMODE;
            int hostFlags = (hostOpenFlags(flags) & ~FcntlH.O_ACCMODE) | accmode | FcntlH.O_TMPFILE;
            int fd;
            become(uid, gid);
            try {
                fd = FileIo.openatRaw(dirFd, DOT, hostFlags, mode & 07777);
            } finally {
                unbecome();
            }
            if (fd < 0) return fd;
            int dup = Fds.dupRaw(fd);
            if (dup < 0) {
                FileIo.closeRaw(fd);
                return dup;
            }
            int r = entryFromFd(dup, entryOut, false);
            if (r < 0) {
                FileIo.closeRaw(fd);
                return r;
            }
            return finishOpen(fd, entryOut.get(JAVA_LONG, FuseEntryOut.OFFSET_NODEID), flags, false, openOut);
        } finally {
            if (dirFd >= 0) FileIo.closeRaw(dirFd);
            inodes.release(p);
        }
    }

    private static final MemorySegment DOT = Arena.global().allocateFrom(".");

    /** READ: preadv into the caller's {@code count} iovecs at {@code iov}; returns bytes read. */
    public long read(long fh, long offset, MemorySegment iov, int count) {
        OpenFile f = files.acquire(fh);
        if (f == null) return -Errno.EBADF;
        try {
            return FileIo.preadvRaw(f.fd, iov, count, offset);
        } finally {
            files.release(f);
        }
    }

    /**
     * WRITE: pwritev from the caller's iovecs; with FUSE_WRITE_KILL_SUIDGID the set-id bits are cleared first,
     * as the kernel would for a write by a user without CAP_FSETID.
     */
    public long write(long fh, long offset, MemorySegment iov, int count, int writeFlags) {
        OpenFile f = files.acquire(fh);
        if (f == null) return -Errno.EBADF;
        try {
            if ((writeFlags & FuseH.FUSE_WRITE_KILL_SUIDGID) != 0) {
                int r = killSuidgid(f.fd, Xattr.procFdPath(Scratch.get().procPath, f.fd), StatH.S_IFREG);
                if (r < 0) return r;
            }
            // On an O_APPEND fd Linux pwritev appends whatever the offset, which is what O_APPEND wants.
            return FileIo.pwritevRaw(f.fd, iov, count, offset);
        } finally {
            files.release(f);
        }
    }

    /** STATFS of the file system holding {@code nodeId}, into a {@code struct fuse_statfs_out}. */
    public int statfs(long nodeId, MemorySegment out) {
        Inode i = inodes.acquire(nodeId);
        if (i == null) return -Errno.ESTALE;
        try {
            int fd = pathFd(i);
            if (fd < 0) return fd;
            MemorySegment sf = Scratch.get().statfs;
            int r = FileStat.fstatfsRaw(fd, sf);
            donePath(i, fd);
            if (r < 0) return r;
            out.set(JAVA_LONG, FuseKstatfs.OFFSET_BLOCKS, Statfs.blocks(sf));
            out.set(JAVA_LONG, FuseKstatfs.OFFSET_BFREE, Statfs.bfree(sf));
            out.set(JAVA_LONG, FuseKstatfs.OFFSET_BAVAIL, Statfs.bavail(sf));
            out.set(JAVA_LONG, FuseKstatfs.OFFSET_FILES, Statfs.files(sf));
            out.set(JAVA_LONG, FuseKstatfs.OFFSET_FFREE, Statfs.ffree(sf));
            out.set(JAVA_INT, FuseKstatfs.OFFSET_BSIZE, (int) Statfs.bsize(sf));
            out.set(JAVA_INT, FuseKstatfs.OFFSET_NAMELEN, (int) Statfs.namelen(sf));
            out.set(JAVA_INT, FuseKstatfs.OFFSET_FRSIZE, (int) Statfs.frsize(sf));
            out.asSlice(FuseKstatfs.OFFSET_PADDING, FuseKstatfs.LAYOUT.byteSize() - FuseKstatfs.OFFSET_PADDING)
                    .fill((byte) 0);
            return 0;
        } finally {
            inodes.release(i);
        }
    }

    /** RELEASE / RELEASEDIR: closes the handle (and unregisters its passthrough backing file). */
    public int release(long fh, int releaseFlags) {
        OpenFile f = files.acquire(fh);
        if (f == null) return -Errno.EBADF;
        try {
            if ((releaseFlags & FuseH.FUSE_RELEASE_FLOCK_UNLOCK) != 0) Locks.flockRaw(f.fd, LockH.LOCK_UN);
            if (f.backingId > 0) {
                backing.close(f.backingId);
                f.backingId = 0;
            }
        } finally {
            files.release(f);
        }
        files.remove(fh);
        return 0;
    }

    /** FLUSH: a close(2) in the guest; drops the POSIX locks of {@code lockOwner} on this file. */
    public int flush(long fh, long lockOwner) {
        OpenFile f = files.acquire(fh);
        if (f == null) return -Errno.EBADF;
        try {
            synchronized (f) {
                if (f.ownerFds != null) {
                    long fd = f.ownerFds.remove(lockOwner);
                    if (fd >= 0) FileIo.closeRaw((int) fd);
                }
            }
            return 0;
        } finally {
            files.release(f);
        }
    }

    /** FSYNC / FSYNCDIR (FUSE_FSYNC_FDATASYNC in {@code fsyncFlags} means fdatasync). */
    public int fsync(long fh, int fsyncFlags) {
        OpenFile f = files.acquire(fh);
        if (f == null) return -Errno.EBADF;
        try {
            return (fsyncFlags & FuseH.FUSE_FSYNC_FDATASYNC) != 0 ? FileData.fdatasyncRaw(f.fd)
                    : FileData.fsyncRaw(f.fd);
        } finally {
            files.release(f);
        }
    }

    /** FALLOCATE with FALLOC_FL_* {@code mode}. */
    public int fallocate(long fh, int mode, long offset, long length) {
        OpenFile f = files.acquire(fh);
        if (f == null) return -Errno.EBADF;
        try {
            return FileData.fallocateRaw(f.fd, mode, offset, length);
        } finally {
            files.release(f);
        }
    }

    /** LSEEK (SEEK_DATA / SEEK_HOLE; the kernel handles SET/CUR/END itself). Returns the offset. */
    public long lseek(long fh, long offset, int whence) {
        if (whence != SeekH.SEEK_DATA && whence != SeekH.SEEK_HOLE && whence != SeekH.SEEK_SET
                && whence != SeekH.SEEK_CUR && whence != SeekH.SEEK_END) {
            return -Errno.EINVAL;
        }
        OpenFile f = files.acquire(fh);
        if (f == null) return -Errno.EBADF;
        try {
            return FileData.lseekRaw(f.fd, offset, whence);
        } finally {
            files.release(f);
        }
    }

    /** COPY_FILE_RANGE between two open files, server-side. Returns bytes copied. */
    public long copyFileRange(long fhIn, long offIn, long fhOut, long offOut, long len, int flags) {
        if (flags != 0) return -Errno.EINVAL;
        OpenFile in = files.acquire(fhIn);
        if (in == null) return -Errno.EBADF;
        OpenFile out = files.acquire(fhOut);
        if (out == null) {
            files.release(in);
            return -Errno.EBADF;
        }
        try {
            Scratch s = Scratch.get();
            s.offIn.set(JAVA_LONG, 0, offIn);
            s.offOut.set(JAVA_LONG, 0, offOut);
            return FileData.copyFileRangeRaw(in.fd, s.offIn, out.fd, s.offOut, len, 0);
        } finally {
            files.release(in);
            files.release(out);
        }
    }

    /** SYNCFS of the file system holding {@code nodeId}. */
    public int syncfs(long nodeId) {
        Inode i = inodes.acquire(nodeId);
        if (i == null) return -Errno.ESTALE;
        try {
            int fd = openInode(i.type == StatH.S_IFDIR ? i : inodes.root(), FcntlH.O_RDONLY | FcntlH.O_DIRECTORY);
            if (fd < 0) return fd;
            int r = FileData.syncfsRaw(fd);
            FileIo.closeRaw(fd);
            return r;
        } finally {
            inodes.release(i);
        }
    }

    /** ACCESS: checks {@code mask} (R_OK 4, W_OK 2, X_OK 1) for the caller against the mode, as virtiofsd. */
    public int access(int uid, int gid, long nodeId, int mask) {
        Inode i = inodes.acquire(nodeId);
        if (i == null) return -Errno.ESTALE;
        Scratch s = Scratch.get();
        int r = statxOf(i, s.statx);
        inodes.release(i);
        if (r < 0) return r;
        if (mask == 0) return 0;
        int mode = Statx.mode(s.statx);
        boolean owner = Statx.uid(s.statx) == uid;
        boolean group = Statx.gid(s.statx) == gid;
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

    /** STATX: a {@code struct fuse_statx_out} for the inode (through {@code fh} when > 0). */
    public int statx(long nodeId, long fh, int mask, MemorySegment out) {
        Scratch s = Scratch.get();
        int r;
        if (fh > 0) {
            OpenFile f = files.acquire(fh);
            if (f == null) return -Errno.EBADF;
            r = FileStat.statxRaw(f.fd, FileStat.EMPTY_PATH, STAT_FLAGS, STATX_WANT, s.statx);
            files.release(f);
        } else {
            Inode i = inodes.acquire(nodeId);
            if (i == null) return -Errno.ESTALE;
            r = statxOf(i, s.statx);
            inodes.release(i);
        }
        if (r < 0) return r;
        MemorySegment sx = s.statx;
        out.fill((byte) 0);
        out.set(JAVA_LONG, FuseStatxOut.OFFSET_ATTR_VALID, timeout);
        long at = FuseStatxOut.OFFSET_STAT;
        out.set(JAVA_INT, at + FuseStatx.OFFSET_MASK, Statx.mask(sx) & ~StatH.STATX_MNT_ID);
        out.set(JAVA_INT, at + FuseStatx.OFFSET_BLKSIZE, Statx.blksize(sx));
        out.set(JAVA_LONG, at + FuseStatx.OFFSET_ATTRIBUTES, Statx.attributes(sx));
        out.set(JAVA_INT, at + FuseStatx.OFFSET_NLINK, Statx.nlink(sx));
        out.set(JAVA_INT, at + FuseStatx.OFFSET_UID, Statx.uid(sx));
        out.set(JAVA_INT, at + FuseStatx.OFFSET_GID, Statx.gid(sx));
        out.set(JAVA_SHORT, at + FuseStatx.OFFSET_MODE, (short) Statx.mode(sx));
        out.set(JAVA_LONG, at + FuseStatx.OFFSET_INO, Statx.ino(sx));
        out.set(JAVA_LONG, at + FuseStatx.OFFSET_SIZE, Statx.size(sx));
        out.set(JAVA_LONG, at + FuseStatx.OFFSET_BLOCKS, Statx.blocks(sx));
        out.set(JAVA_LONG, at + FuseStatx.OFFSET_ATTRIBUTES_MASK, sx.get(JAVA_LONG, Statx.OFFSET_STX_ATTRIBUTES_MASK));
        sxTime(out, at + FuseStatx.OFFSET_ATIME, sx, Statx.OFFSET_STX_ATIME);
        sxTime(out, at + FuseStatx.OFFSET_BTIME, sx, Statx.OFFSET_STX_BTIME);
        sxTime(out, at + FuseStatx.OFFSET_CTIME, sx, Statx.OFFSET_STX_CTIME);
        sxTime(out, at + FuseStatx.OFFSET_MTIME, sx, Statx.OFFSET_STX_MTIME);
        out.set(JAVA_INT, at + FuseStatx.OFFSET_RDEV_MAJOR, Statx.rdevMajor(sx));
        out.set(JAVA_INT, at + FuseStatx.OFFSET_RDEV_MINOR, Statx.rdevMinor(sx));
        out.set(JAVA_INT, at + FuseStatx.OFFSET_DEV_MAJOR, Statx.devMajor(sx));
        out.set(JAVA_INT, at + FuseStatx.OFFSET_DEV_MINOR, Statx.devMinor(sx));
        return 0;
    }

    private static void sxTime(MemorySegment out, long at, MemorySegment sx, long from) {
        out.set(JAVA_LONG, at + FuseSxTime.OFFSET_TV_SEC, Statx.sec(sx, from));
        out.set(JAVA_INT, at + FuseSxTime.OFFSET_TV_NSEC, Statx.nsec(sx, from));
    }

    // ---- extended attributes ------------------------------------------------------------------------------

    /**
     * The path that reaches an inode's xattrs: "/proc/self/fd/N" of its O_PATH fd, since f*xattr calls refuse
     * O_PATH fds and a symlink or device node cannot be opened for them (virtiofsd's trick).
     */
    private MemorySegment xattrPath(int fd) {
        return Xattr.procFdPath(Scratch.get().procPath, fd);
    }

    /** GETXATTR into {@code value} (size 0 asks for the size); returns the value's size. */
    public long getxattr(long nodeId, MemorySegment name, MemorySegment value) {
        if (!config.xattr()) return -Errno.EOPNOTSUPP;
        Inode i = inodes.acquire(nodeId);
        if (i == null) return -Errno.ESTALE;
        try {
            int fd = pathFd(i);
            if (fd < 0) return fd;
            long r = i.type == StatH.S_IFLNK ? lgetxattr(fd, name, value) : Xattr.getxattrRaw(xattrPath(fd), name, value);
            donePath(i, fd);
            return r;
        } finally {
            inodes.release(i);
        }
    }

    /** Symlinks: their own xattrs (trusted/security namespaces only on Linux); reached via the magic link. */
    private long lgetxattr(int fd, MemorySegment name, MemorySegment value) {
        return Xattr.getxattrRaw(xattrPath(fd), name, value);
    }

    /** SETXATTR with XATTR_CREATE/XATTR_REPLACE flags. */
    public int setxattr(long nodeId, MemorySegment name, MemorySegment value, int flags) {
        if (!config.xattr()) return -Errno.EOPNOTSUPP;
        Inode i = inodes.acquire(nodeId);
        if (i == null) return -Errno.ESTALE;
        try {
            int fd = pathFd(i);
            if (fd < 0) return fd;
            int r = Xattr.setxattrRaw(xattrPath(fd), name, value, flags);
            donePath(i, fd);
            return r;
        } finally {
            inodes.release(i);
        }
    }

    /** LISTXATTR: NUL-separated names into {@code list} (size 0 asks for the size); returns the size. */
    public long listxattr(long nodeId, MemorySegment list) {
        if (!config.xattr()) return -Errno.EOPNOTSUPP;
        Inode i = inodes.acquire(nodeId);
        if (i == null) return -Errno.ESTALE;
        try {
            int fd = pathFd(i);
            if (fd < 0) return fd;
            long r = Xattr.listxattrRaw(xattrPath(fd), list);
            donePath(i, fd);
            return r;
        } finally {
            inodes.release(i);
        }
    }

    /** REMOVEXATTR. */
    public int removexattr(long nodeId, MemorySegment name) {
        if (!config.xattr()) return -Errno.EOPNOTSUPP;
        Inode i = inodes.acquire(nodeId);
        if (i == null) return -Errno.ESTALE;
        try {
            int fd = pathFd(i);
            if (fd < 0) return fd;
            int r = Xattr.removexattrRaw(xattrPath(fd), name);
            donePath(i, fd);
            return r;
        } finally {
            inodes.release(i);
        }
    }

    // ---- directories ----------------------------------------------------------------------------------------

    /** OPENDIR. */
    public int opendir(long nodeId, int flags, MemorySegment openOut) {
        Inode i = inodes.acquire(nodeId);
        if (i == null) return -Errno.ESTALE;
        try {
            if (i.type != StatH.S_IFDIR) return -Errno.ENOTDIR;
            int fd = openInode(i, FcntlH.O_RDONLY | FcntlH.O_DIRECTORY);
            if (fd < 0) return fd;
            return finishOpen(fd, nodeId, flags, true, openOut);
        } finally {
            inodes.release(i);
        }
    }

    /** Size of a fuse_dirent (plus name, padded to 8 bytes). */
    static int direntSize(int nameLen) {
        return (int) ((FuseDirent.LAYOUT.byteSize() + nameLen + 7) & ~7L);
    }

    /**
     * READDIR / READDIRPLUS from {@code offset} (0 or a d_off cookie from an earlier reply) into {@code out};
     * returns the bytes used. Offsets are the file system's own getdents64 cookies, so a directory changing
     * between calls neither repeats nor skips entries that stay. In plus mode every entry but "." and ".." is
     * looked up (one lookup each, as the kernel expects).
     */
    public long readdir(long fh, long offset, MemorySegment out, boolean plus) {
        OpenFile f = files.acquire(fh);
        if (f == null) return -Errno.EBADF;
        try {
            if (!f.directory) return -Errno.ENOTDIR;
            Scratch s = Scratch.get();
            MemorySegment buf = s.dirents;
            long used = 0;
            synchronized (f) {
                long at0 = FileData.lseekRaw(f.fd, offset, SeekH.SEEK_SET);
                if (at0 < 0) return at0;
                MemorySegment window = buf.asSlice(0, Math.min(buf.byteSize(), Math.max(out.byteSize() * 2, 1024)));
                while (true) {
                    long n = Dirents.getdents64Raw(f.fd, window);
                    if (n < 0) return used > 0 ? used : n;
                    if (n == 0) return used;
                    for (long at = 0; at < n && Dirent64.fits(at, n); at += Dirent64.reclen(window, at)) {
                        int nameLen = Dirent64.nameLength(window, at);
                        int size = direntSize(nameLen) + (plus ? (int) FuseEntryOut.SIZE : 0);
                        if (used + size > out.byteSize()) return used;
                        long d = used;
                        if (plus) {
                            MemorySegment entry = out.asSlice(used, FuseEntryOut.SIZE);
                            boolean dots = nameLen <= 2 && window.get(JAVA_BYTE, at + Dirent64.OFFSET_D_NAME) == '.'
                                    && (nameLen == 1 || window.get(JAVA_BYTE, at + Dirent64.OFFSET_D_NAME + 1) == '.');
                            int r = -1;
                            if (!dots) {
                                int cfd = openBeneath(f.fd, window.asSlice(at + Dirent64.OFFSET_D_NAME, nameLen + 1),
                                        PATH_OPEN, 0);
                                r = cfd < 0 ? cfd : entryFromFd(cfd, entry, true);
                            }
                            if (r < 0) {
                                entry.fill((byte) 0);
                                entry.set(JAVA_LONG, FuseEntryOut.OFFSET_ATTR + FuseAttr.OFFSET_INO, Dirent64.ino(window, at));
                                entry.set(JAVA_INT, FuseEntryOut.OFFSET_ATTR + FuseAttr.OFFSET_MODE,
                                        Dirent64.type(window, at) << 12);
                            }
                            d = used + FuseDirentplus.OFFSET_DIRENT;
                        }
                        out.set(JAVA_LONG, d + FuseDirent.OFFSET_INO, Dirent64.ino(window, at));
                        out.set(JAVA_LONG, d + FuseDirent.OFFSET_OFF, Dirent64.off(window, at));
                        out.set(JAVA_INT, d + FuseDirent.OFFSET_NAMELEN, nameLen);
                        out.set(JAVA_INT, d + FuseDirent.OFFSET_TYPE, Dirent64.type(window, at));
                        long nameAt = d + FuseDirent.LAYOUT.byteSize();
                        MemorySegment.copy(window, at + Dirent64.OFFSET_D_NAME, out, nameAt, nameLen);
                        long end = used + size;
                        for (long z = nameAt + nameLen; z < end; z++) out.set(JAVA_BYTE, z, (byte) 0);
                        used = end;
                    }
                    // The whole window fitted: the directory fd stands after its last entry; read on.
                }
            }
        } finally {
            files.release(f);
        }
    }

    // ---- locks ------------------------------------------------------------------------------------------------

    /** The fd carrying {@code owner}'s POSIX locks on {@code f}: its own open file description. */
    private static int ownerFd(OpenFile f, long owner) {
        synchronized (f) {
            if (f.ownerFds == null) f.ownerFds = new Long2LongHashMap(-1);
            long fd = f.ownerFds.get(owner);
            if (fd >= 0) return (int) fd;
            int acc = f.flags & FcntlH.O_ACCMODE;
            int nfd = FileIo.openRaw(Xattr.procFdPath(Scratch.get().procPath, f.fd),
                    (acc == FcntlH.O_WRONLY ? FcntlH.O_WRONLY : acc) | FcntlH.O_CLOEXEC, 0);
            if (nfd < 0) return nfd;
            f.ownerFds.put(owner, nfd);
            return nfd;
        }
    }

    private static void toFlock(MemorySegment lk, MemorySegment fl) {
        long start = lk.get(JAVA_LONG, FuseFileLock.OFFSET_START);
        long end = lk.get(JAVA_LONG, FuseFileLock.OFFSET_END);
        long len = end == OFFSET_MAX || end < start ? 0 : end - start + 1;
        Flock.set(fl, lk.get(JAVA_INT, FuseFileLock.OFFSET_TYPE), SeekH.SEEK_SET, start, len);
    }

    /**
     * GETLK: the first lock conflicting with {@code lk} (a {@code struct fuse_file_lock}) written back into
     * {@code lkOut} (type F_UNLCK if none).
     */
    public int getlk(long fh, long owner, MemorySegment lk, MemorySegment lkOut) {
        OpenFile f = files.acquire(fh);
        if (f == null) return -Errno.EBADF;
        try {
            int fd = ownerFd(f, owner);
            if (fd < 0) return fd;
            MemorySegment fl = Scratch.get().flock;
            toFlock(lk, fl);
            int r = Locks.ofdLockRaw(fd, LockH.F_OFD_GETLK, fl);
            if (r < 0) return r;
            int type = Flock.type(fl);
            lkOut.set(JAVA_INT, FuseFileLock.OFFSET_TYPE, type);
            lkOut.set(JAVA_LONG, FuseFileLock.OFFSET_START, type == LockH.F_UNLCK ? 0 : Flock.start(fl));
            long len = Flock.len(fl);
            lkOut.set(JAVA_LONG, FuseFileLock.OFFSET_END,
                    type == LockH.F_UNLCK ? 0 : len == 0 ? OFFSET_MAX : Flock.start(fl) + len - 1);
            lkOut.set(JAVA_INT, FuseFileLock.OFFSET_PID, 0);
            return 0;
        } finally {
            files.release(f);
        }
    }

    /**
     * SETLK / SETLKW: a POSIX lock as an OFD lock on {@code owner}'s own open file description, or with
     * FUSE_LK_FLOCK in {@code lkFlags} a flock(2) lock on the handle's open file.
     */
    public int setlk(long fh, long owner, MemorySegment lk, int lkFlags, boolean sleep) {
        OpenFile f = files.acquire(fh);
        if (f == null) return -Errno.EBADF;
        try {
            int type = lk.get(JAVA_INT, FuseFileLock.OFFSET_TYPE);
            if ((lkFlags & FuseH.FUSE_LK_FLOCK) != 0) {
                int op = switch (type) {
                    case LockH.F_RDLCK -> LockH.LOCK_SH;
                    case LockH.F_WRLCK -> LockH.LOCK_EX;
                    case LockH.F_UNLCK -> LockH.LOCK_UN;
                    default -> -1;
                };
                if (op < 0) return -Errno.EINVAL;
                return Locks.flockRaw(f.fd, sleep ? op : op | LockH.LOCK_NB);
            }
            if (type != LockH.F_RDLCK && type != LockH.F_WRLCK && type != LockH.F_UNLCK) return -Errno.EINVAL;
            int fd = ownerFd(f, owner);
            if (fd < 0) return fd;
            MemorySegment fl = Scratch.get().flock;
            toFlock(lk, fl);
            return Locks.ofdLockRaw(fd, sleep ? LockH.F_OFD_SETLKW : LockH.F_OFD_SETLK, fl);
        } finally {
            files.release(f);
        }
    }
}
