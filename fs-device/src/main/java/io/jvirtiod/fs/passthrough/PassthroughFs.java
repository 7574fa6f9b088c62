package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.fuse.FuseH;
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
import io.jvirtiod.binding.sys.Stat;
import io.jvirtiod.binding.sys.StatH;
import io.jvirtiod.binding.sys.Statfs;
import io.jvirtiod.binding.sys.Statx;
import io.jvirtiod.binding.sys.Timespec;
import io.jvirtiod.binding.sys.Xattr;
import io.jvirtiod.fs.BackingFiles;
import io.jvirtiod.fs.Context;
import io.jvirtiod.fs.FileSystem;
import io.jvirtiod.fs.InitConfig;
import io.jvirtiod.fs.protocol.Attr;
import io.jvirtiod.fs.protocol.AttrOut;
import io.jvirtiod.fs.protocol.ByteSink;
import io.jvirtiod.fs.protocol.CopyFileRangeIn;
import io.jvirtiod.fs.protocol.DirentSink;
import io.jvirtiod.fs.protocol.EntryOut;
import io.jvirtiod.fs.protocol.LockIn;
import io.jvirtiod.fs.protocol.LockOut;
import io.jvirtiod.fs.protocol.Name;
import io.jvirtiod.fs.protocol.OpenOut;
import io.jvirtiod.fs.protocol.ReadIn;
import io.jvirtiod.fs.protocol.ReadSink;
import io.jvirtiod.fs.protocol.SetattrIn;
import io.jvirtiod.fs.protocol.StatfsOut;
import io.jvirtiod.fs.protocol.StatxOut;
import io.jvirtiod.fs.protocol.WriteIn;
import io.jvirtiod.fs.protocol.WriteSource;
import org.agrona.collections.Long2LongHashMap;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

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
 * <p>Every method returns 0 (or a size) on success and a negative errno on failure, fills its reply through the
 * protocol layer's flyweights, and allocates no native memory on its normal path. Methods that create
 * files do it with the caller's fsuid/fsgid on the calling thread only, so ownership comes out right.
 */
public final class PassthroughFs implements FileSystem, AutoCloseable {
    private static final int PATH_OPEN = FcntlH.O_PATH | FcntlH.O_NOFOLLOW | FcntlH.O_CLOEXEC;
    private static final long RESOLVE = FcntlH.RESOLVE_BENEATH | FcntlH.RESOLVE_NO_MAGICLINKS;
    private static final int STATX_WANT = StatH.STATX_BASIC_STATS | StatH.STATX_BTIME | StatH.STATX_MNT_ID;
    private static final int STAT_FLAGS = FcntlH.AT_EMPTY_PATH | FcntlH.AT_SYMLINK_NOFOLLOW;
    private static final long OFFSET_MAX = Long.MAX_VALUE;

    private final PassthroughConfig config;
    private final int rootFd;
    /** A plain (not O_PATH) fd of the shared dir: open_by_handle_at refuses O_PATH mount fds. */
    private final int mountFd;
    private final InodeTable inodes;
    private final OpenFileTable files = new OpenFileTable();
    private final boolean handles;
    private final boolean root;
    private final long generation;
    private final long timeout;
    private volatile BackingFiles backing;
    private volatile boolean writebackActive;
    private volatile int noFlush; // FOPEN_NOFLUSH for file opens unless POSIX locks are ours (set at INIT)
    /** Permits for requests waiting on a lock (see {@link #waitForLock}); default for 4 workers. */
    private volatile java.util.concurrent.Semaphore lockWaiters = new java.util.concurrent.Semaphore(3);

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
        this.inodes = new InodeTable(devOf(s.statx), Statx.ino(s.statx), Statx.mntId(s.statx), rootFd,
                config.dirFdCache());
        this.mountFd = FileIo.open(config.sharedDir().toString(),
                FcntlH.O_RDONLY | FcntlH.O_DIRECTORY | FcntlH.O_CLOEXEC, 0);
        this.handles = config.fileHandles() && handlesWork(rootFd, mountFd);
        // node id:generation must be unique over the file system's life; node ids restart at 2 with every
        // daemon start, so the start time tells a restarted daemon's ids from the previous one's.
        this.generation = System.currentTimeMillis() / 1000;
        this.timeout = config.cache().timeoutSeconds();
        // The kernel applies the caller's umask before sending a mode (FUSE_DONT_MASK is not negotiated), so
        // the host must not apply the daemon's as well.
        Creds.umask(0);
    }

    /** True if name_to_handle_at and open_by_handle_at both work on this file system with our privileges. */
    private static boolean handlesWork(int dirFd, int mountFd) {
        Scratch s = Scratch.get();
        if (FileHandles.nameToHandleAtRaw(dirFd, FileStat.EMPTY_PATH, s.handle, s.mountId, FcntlH.AT_EMPTY_PATH) < 0) {
            return false;
        }
        int fd = FileHandles.openByHandleAtRaw(mountFd, s.handle, FcntlH.O_PATH | FcntlH.O_CLOEXEC);
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

    // ---- INIT / DESTROY -------------------------------------------------------------------------------------

    /** The capability flags this file system wants (transport-level ones are the dispatcher's). */
    static final long WANTED = FuseH.FUSE_ASYNC_READ | FuseH.FUSE_ATOMIC_O_TRUNC
            | FuseH.FUSE_EXPORT_SUPPORT | FuseH.FUSE_FLOCK_LOCKS | FuseH.FUSE_DO_READDIRPLUS
            | FuseH.FUSE_READDIRPLUS_AUTO | FuseH.FUSE_PARALLEL_DIROPS | FuseH.FUSE_ASYNC_DIO
            | FuseH.FUSE_AUTO_INVAL_DATA | FuseH.FUSE_HANDLE_KILLPRIV_V2 | FuseH.FUSE_CACHE_SYMLINKS;

    /**
     * INIT: asks for flock locks, readdirplus, parallel directory operations and kill-suidgid handling; POSIX
     * locks, writeback caching and FUSE passthrough when configured and offered (passthrough also needs the
     * transport's backing-file registration). FUSE_DONT_MASK is not asked for: the kernel applies the umask.
     */
    @Override
    public int init(Context ctx, InitConfig init) {
        init.want(WANTED).unwant(FuseH.FUSE_DONT_MASK);
        if (config.posixLocks()) init.want(FuseH.FUSE_POSIX_LOCKS);
        else init.unwant(FuseH.FUSE_POSIX_LOCKS);
        if (config.writeback()) init.want(FuseH.FUSE_WRITEBACK_CACHE);
        else init.unwant(FuseH.FUSE_WRITEBACK_CACHE);
        if (config.passthrough() && config.cache().cachesData() && init.backing() != null
                && init.offers(FuseH.FUSE_PASSTHROUGH)) {
            init.want(FuseH.FUSE_PASSTHROUGH).maxStackDepth(1);
            backing = init.backing();
        } else {
            init.unwant(FuseH.FUSE_PASSTHROUGH);
            backing = null;
        }
        writebackActive = init.enabled(FuseH.FUSE_WRITEBACK_CACHE);
        // FLUSH only drops the POSIX locks of the closing owner (see flush); without ours there is nothing to do.
        // Under writeback caching the kernel sends it regardless, after writing the dirty pages back.
        noFlush = init.enabled(FuseH.FUSE_POSIX_LOCKS) ? 0 : FuseH.FOPEN_NOFLUSH;
        return 0;
    }

    /** The generation every entry reply carries (see the constructor). */
    public long generation() {
        return generation;
    }

    /** True once INIT granted FUSE passthrough. */
    public boolean passthroughActive() {
        return backing != null;
    }

    /** DESTROY: closes every open file and forgets every inode but the root. */
    @Override
    public void destroy() {
        files.clear();
        inodes.clear();
    }

    @Override
    public void close() {
        destroy();
        FileIo.closeRaw(mountFd);
        FileIo.closeRaw(rootFd);
    }

    // ---- inode access -----------------------------------------------------------------------------------------

    private static long devOf(MemorySegment statx) {
        return ((long) Statx.devMajor(statx) << 32) | (Statx.devMinor(statx) & 0xffffffffL);
    }

    /**
     * An O_PATH fd for a pinned inode: its held fd, or one opened from its handle. A directory offers the one it
     * opened to the table's fd cache; {@link #donePath} closes it unless the inode took it.
     */
    private int pathFd(Inode i) {
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
    private static void donePath(Inode i, int fd) {
        if (fd >= 0 && fd != i.pathFd) FileIo.closeRaw(fd);
    }

    /** Opens a pinned inode for I/O with {@code flags} (never following a symlink); returns the fd or -errno. */
    private int openInode(Inode i, int flags) {
        if (i.type == StatH.S_IFLNK) return -Errno.ELOOP;
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

    /** openat2(dirfd, name, O_PATH|O_NOFOLLOW, RESOLVE_BENEATH|RESOLVE_NO_MAGICLINKS). */
    private static int openBeneath(int dirfd, MemorySegment name, int flags, int mode) {
        MemorySegment how = Scratch.get().how;
        OpenHow.set(how, flags, mode, RESOLVE);
        return FileIo.openat2Raw(dirfd, name, how);
    }

    /**
     * Turns an fd of a child just opened or created into an entry: statx for attributes and identity, then
     * dedup in the inode table (one more lookup) and the entry reply. A {@code pathFd} (O_PATH) is consumed: it
     * becomes the inode's held fd or is closed. Any other fd (a file just created and opened for I/O) is only
     * borrowed, so CREATE needs no dup/close pair; an inode that must hold an fd gets an O_PATH reopening of it.
     */
    private int entryFromFd(int fd, EntryOut out, boolean pathFd) {
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
            if (held >= 0 && inode.pathFd != held) FileIo.closeRaw(held); // another thread inserted it first
        }
        fillEntry(out, inode.nodeId, s.statx);
        inodes.release(inode);
        return 0;
    }

    /** An O_PATH fd of the inode behind any fd (through its magic link), for holding. */
    private static int reopenPath(int fd) {
        MemorySegment path = Fds.procFdPath(Scratch.get().procPath, fd);
        return FileIo.openRaw(path, FcntlH.O_PATH | FcntlH.O_CLOEXEC, 0);
    }

    private void fillEntry(EntryOut out, long nodeId, MemorySegment statx) {
        out.nodeid(nodeId).generation(generation).entryValid(timeout, 0).attrValid(timeout, 0);
        fillAttr(out.attr(), statx);
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

    private int statxOf(Inode i, MemorySegment statx) {
        int fd = pathFd(i);
        if (fd < 0) return fd;
        int r = FileStat.statxRaw(fd, FileStat.EMPTY_PATH, STAT_FLAGS, STATX_WANT, statx);
        donePath(i, fd);
        return r;
    }

    /** statx of an open file ({@code fh}) or else of an inode, into this thread's scratch statx. */
    private int statxOfFileOrInode(long nodeId, boolean useFh, long fh) {
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

    /** The NUL-terminated C string of a request name (the decoder checked the NUL is there). */
    private static MemorySegment cstr(Name name) {
        return name.cString();
    }

    /** One valid path component, or -errno (see {@link Names}). */
    private static int check(Name name) {
        return Names.check(name.segment(), name.offset(), name.length());
    }

    // ---- name space ---------------------------------------------------------------------------------------

    /**
     * LOOKUP: openat2 beneath the parent without following anything, then the entry; a missing name is a
     * negative entry (node id 0) cached for the mode's timeout, or ENOENT in cache mode never.
     */
    @Override
    public int lookup(Context ctx, long parent, Name name, EntryOut out) {
        int bad = check(name);
        if (bad < 0) return bad;
        Inode p = inodes.acquire(parent);
        if (p == null) return -Errno.ESTALE;
        try {
            int pfd = pathFd(p);
            if (pfd < 0) return pfd;
            int fd = openBeneath(pfd, cstr(name), PATH_OPEN, 0);
            donePath(p, pfd);
            if (fd == -Errno.ENOENT && timeout > 0) {
                // A negative entry, cached as long as positive ones: the create that usually follows a failed
                // lookup then goes straight to CREATE, one round trip fewer.
                out.nodeid(0).generation(0).entryValid(timeout, 0).attrValid(0, 0);
                return 0;
            }
            if (fd < 0) return fd;
            return entryFromFd(fd, out, true);
        } finally {
            inodes.release(p);
        }
    }

    @Override
    public void forget(Context ctx, long nodeid, long nlookup) {
        inodes.forget(nodeid, nlookup);
    }

    /** GETATTR; with FUSE_GETATTR_FH the open file is asked, which also works once it is unlinked. */
    @Override
    public int getattr(Context ctx, long nodeid, int getattrFlags, long fh, AttrOut out) {
        int r = statxOfFileOrInode(nodeid, (getattrFlags & FuseH.FUSE_GETATTR_FH) != 0, fh);
        if (r < 0) return r;
        out.attrValid(timeout, 0);
        fillAttr(out.attr(), Scratch.get().statx);
        return 0;
    }

    /**
     * SETATTR: mode, owner, size, times (including NOW) and FATTR_KILL_SUIDGID, through the open file when
     * FATTR_FH is set, else through the inode (its /proc/self/fd path, or AT_EMPTY_PATH on its O_PATH fd).
     */
    @Override
    public int setattr(Context ctx, long nodeid, SetattrIn in, AttrOut out) {
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
            pfd = pathFd(i);
            if (pfd < 0) return pfd;
            Scratch s = Scratch.get();
            MemorySegment proc = Fds.procFdPath(s.procPath, pfd);
            int r;
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
                    int wfd = openInode(i, FcntlH.O_WRONLY);
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
            out.attrValid(timeout, 0);
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
    private static int killSuidgid(int fd, MemorySegment proc, int type) {
        if (type != StatH.S_IFREG) return 0;
        MemorySegment st = Scratch.get().stat;
        int r = FileStat.fstatRaw(fd, st);
        if (r < 0) return r;
        int mode = Stat.mode(st);
        int kill = StatH.S_ISUID | ((mode & StatH.S_IXGRP) != 0 ? StatH.S_ISGID : 0);
        if ((mode & kill) == 0) return 0;
        return FileAttr.fchmodatRaw(FcntlH.AT_FDCWD, proc, mode & 07777 & ~kill, 0);
    }

    /** READLINK: the link text, never resolved. */
    @Override
    public int readlink(Context ctx, long nodeid, ByteSink out) {
        Inode i = inodes.acquire(nodeid);
        if (i == null) return -Errno.ESTALE;
        try {
            if (i.type != StatH.S_IFLNK) return -Errno.EINVAL;
            int fd = pathFd(i);
            if (fd < 0) return fd;
            long r = PathOps.readlinkatRaw(fd, FileStat.EMPTY_PATH, body(out));
            donePath(i, fd);
            return (int) r;
        } finally {
            inodes.release(i);
        }
    }

    /** Switches this thread's fsuid/fsgid to the caller's (only when the daemon is root). */
    private boolean become(Context ctx) {
        if (!root || (ctx.uid() == 0 && ctx.gid() == 0)) return false;
        Creds.setfsgid(ctx.gid());
        Creds.setfsuid(ctx.uid());
        return true;
    }

    private static void unbecome(boolean switched) {
        if (!switched) return;
        Creds.setfsuid(0);
        Creds.setfsgid(0);
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
            pfd = pathFd(p);
            if (pfd < 0) return pfd;
            MemorySegment cname = cstr(name);
            boolean switched = become(ctx);
            int r;
            try {
                r = switch (kind) {
                    case MKDIR -> PathOps.mkdiratRaw(pfd, cname, mode & 07777);
                    case MKNOD -> PathOps.mknodatRaw(pfd, cname, mode, decodeDev(rdev));
                    case SYMLINK -> PathOps.symlinkatRaw(cstr(target), pfd, cname);
                };
            } finally {
                unbecome(switched);
            }
            if (r < 0) return r;
            int fd = openBeneath(pfd, cname, PATH_OPEN, 0);
            if (fd < 0) return fd;
            return entryFromFd(fd, out, true);
        } finally {
            donePath(p, pfd);
            inodes.release(p);
        }
    }

    /**
     * MKDIR as the caller. {@code umask} is applied here too: without FUSE_DONT_MASK the kernel has applied
     * it already, and applying it twice changes nothing.
     */
    @Override
    public int mkdir(Context ctx, long parent, Name name, int mode, int umask, EntryOut out) {
        return make(Make.MKDIR, ctx, parent, name, mode & ~umask, 0, null, out);
    }

    /** MKNOD ({@code rdev} in the kernel's 32-bit encoding) as the caller. */
    @Override
    public int mknod(Context ctx, long parent, Name name, int mode, int rdev, int umask, EntryOut out) {
        return make(Make.MKNOD, ctx, parent, name, mode & ~(umask & 0777), rdev, null, out);
    }

    /** SYMLINK: {@code target} is stored as text and never resolved by the server. */
    @Override
    public int symlink(Context ctx, long parent, Name name, Name target, EntryOut out) {
        return make(Make.SYMLINK, ctx, parent, name, 0, 0, target, out);
    }

    /**
     * Before a name that may be an inode's last goes away (unlink, rmdir, rename over it), a known inode with
     * one link gets a held O_PATH fd: its handle stops opening it once unlinked, but the kernel may still use
     * the node (an unlinked open file's fstat or ftruncate).
     */
    private void holdIfLastLink(int pfd, MemorySegment name) {
        if (!handles) return;
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
            pfd = pathFd(p);
            if (pfd < 0) return pfd;
            MemorySegment cname = cstr(name);
            // unlink never removes a directory, and a file with no open handle needs no held fd
            if (flags == FcntlH.AT_REMOVEDIR || files.anyFileOpen()) holdIfLastLink(pfd, cname);
            return PathOps.unlinkatRaw(pfd, cname, flags);
        } finally {
            donePath(p, pfd);
            inodes.release(p);
        }
    }

    @Override
    public int unlink(Context ctx, long parent, Name name) {
        return remove(parent, name, 0);
    }

    @Override
    public int rmdir(Context ctx, long parent, Name name) {
        return remove(parent, name, FcntlH.AT_REMOVEDIR);
    }

    /** RENAME / RENAME2 with RENAME_NOREPLACE, RENAME_EXCHANGE or RENAME_WHITEOUT. */
    @Override
    public int rename(Context ctx, long parent, Name name, long newParent, Name newName, int flags) {
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
            fa = pathFd(ia);
            if (fa < 0) return fa;
            fb = pathFd(ib);
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
    @Override
    public int link(Context ctx, long nodeid, long newParent, Name newName, EntryOut out) {
        int bad = check(newName);
        if (bad < 0) return bad;
        return onTwo(nodeid, newParent, (i, fd, np, npfd) -> {
            if (i.type == StatH.S_IFDIR) return -Errno.EPERM;
            MemorySegment to = cstr(newName);
            int r = root ? PathOps.linkatRaw(fd, FileStat.EMPTY_PATH, npfd, to, FcntlH.AT_EMPTY_PATH)
                    : PathOps.linkatRaw(FcntlH.AT_FDCWD, Fds.procFdPath(Scratch.get().procPath, fd), npfd, to,
                    FcntlH.AT_SYMLINK_FOLLOW);
            if (r < 0) return r;
            int child = openBeneath(npfd, to, PATH_OPEN, 0);
            if (child < 0) return child;
            return entryFromFd(child, out, true);
        });
    }

    // ---- files --------------------------------------------------------------------------------------------

    /**
     * Open flags as the host should see them: no creation flags, and with writeback caching no O_APPEND and no
     * write-only (the kernel reads pages to fill partial writes and keeps the file size), as virtiofsd does.
     */
    private int hostOpenFlags(int flags) {
        // O_DIRECT is the guest's business (virtiofsd's default): the daemon's buffers have no O_DIRECT alignment.
        flags &= ~(FcntlH.O_CREAT | FcntlH.O_EXCL | FcntlH.O_NOCTTY | FcntlH.O_PATH | FcntlH.O_DIRECT);
        if (writebackActive) {
            flags &= ~FcntlH.O_APPEND;
            if ((flags & FcntlH.O_ACCMODE) == FcntlH.O_WRONLY) flags = (flags & ~FcntlH.O_ACCMODE) | FcntlH.O_RDWR;
        }
        return flags | FcntlH.O_CLOEXEC;
    }

    /** OPEN: reopens the inode (by handle, or through its held fd) with the guest's flags. */
    @Override
    public int open(Context ctx, long nodeid, int flags, int openFlags, OpenOut out) {
        Inode i = inodes.acquire(nodeid);
        if (i == null) return -Errno.ESTALE;
        try {
            if (i.type == StatH.S_IFDIR && (flags & FcntlH.O_ACCMODE) != FcntlH.O_RDONLY) return -Errno.EISDIR;
            int fd = openInode(i, hostOpenFlags(flags));
            if (fd < 0) return fd;
            if ((openFlags & FuseH.FUSE_OPEN_KILL_SUIDGID) != 0) {
                int r = killSuidgid(fd, Fds.procFdPath(Scratch.get().procPath, fd), i.type);
                if (r < 0) {
                    FileIo.closeRaw(fd);
                    return r;
                }
            }
            return finishOpen(fd, i, flags, i.type == StatH.S_IFDIR, i.type == StatH.S_IFREG, out);
        } finally {
            inodes.release(i);
        }
    }

    private int finishOpen(int fd, Inode inode, int flags, boolean directory, boolean regular, OpenOut out) {
        OpenFile f = files.add(fd, inode.nodeId, flags, directory);
        if (!directory) files.openedOn(f, inode);
        int openFlags = directory ? config.cache().dirOpenFlags() : config.cache().fileOpenFlags() | noFlush;
        int backingId = 0;
        BackingFiles b = backing;
        if (b != null && regular) {
            backingId = acquireBacking(b, inode, fd);
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
     * The FUSE passthrough backing id of an inode, registered at its first open and shared by every later one:
     * the kernel binds one backing file to an inode and fails an open naming another (EIO). The open file itself
     * is registered, whatever its access mode: the kernel only takes its path and our credentials from it, and
     * opens a backing file of its own for every guest open, with that open's flags (fs/fuse/passthrough.c
     * fuse_passthrough_open), so a writer can share a backing first registered by a reader.
     */
    private int acquireBacking(BackingFiles b, Inode inode, int fd) {
        synchronized (inode) {
            if (inode.backingRefs == 0) {
                int id = b.open(fd);
                if (id <= 0) return 0;
                inode.backingId = id;
            }
            inode.backingRefs++;
            return inode.backingId;
        }
    }

    private static void releaseBacking(BackingFiles b, Inode inode) {
        synchronized (inode) {
            if (inode.backingRefs > 0 && --inode.backingRefs == 0) {
                b.close(inode.backingId);
                inode.backingId = 0;
            }
        }
    }

    /** CREATE: opens {@code name} with O_CREAT as the caller; an entry and an open reply. */
    @Override
    public int create(Context ctx, long parent, Name name, int flags, int mode, int umask, int openFlags,
                      EntryOut entry, OpenOut open) {
        int bad = check(name);
        if (bad < 0) return bad;
        Inode p = inodes.acquire(parent);
        if (p == null) return -Errno.ESTALE;
        int pfd = -1;
        try {
            pfd = pathFd(p);
            if (pfd < 0) return pfd;
            int hostFlags = hostOpenFlags(flags) | FcntlH.O_CREAT | (flags & FcntlH.O_EXCL) | FcntlH.O_NOFOLLOW;
            int fd;
            boolean switched = become(ctx);
            try {
                fd = openBeneath(pfd, cstr(name), hostFlags, mode & ~umask & 07777);
            } finally {
                unbecome(switched);
            }
            if (fd < 0) return fd;
            return entryAndOpen(fd, flags, entry, open);
        } finally {
            donePath(p, pfd);
            inodes.release(p);
        }
    }

    /** The entry and open replies of a file just created and opened as {@code fd} (consumed). */
    private int entryAndOpen(int fd, int flags, EntryOut entry, OpenOut open) {
        int r = entryFromFd(fd, entry, false);
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
    @Override
    public int tmpfile(Context ctx, long parent, int flags, int mode, int umask, int openFlags, EntryOut entry,
                       OpenOut open) {
        Inode p = inodes.acquire(parent);
        if (p == null) return -Errno.ESTALE;
        int dirFd = -1;
        try {
            dirFd = openInode(p, FcntlH.O_RDONLY | FcntlH.O_DIRECTORY);
            if (dirFd < 0) return dirFd;
            int acc = (flags & FcntlH.O_ACCMODE) == FcntlH.O_RDONLY ? FcntlH.O_RDWR : flags & FcntlH.O_ACCMODE;
            int hostFlags = (hostOpenFlags(flags) & ~FcntlH.O_ACCMODE) | acc | FcntlH.O_TMPFILE;
            int fd;
            boolean switched = become(ctx);
            try {
                fd = FileIo.openatRaw(dirFd, DOT, hostFlags, mode & ~umask & 07777);
            } finally {
                unbecome(switched);
            }
            if (fd < 0) return fd;
            return entryAndOpen(fd, flags, entry, open);
        } finally {
            if (dirFd >= 0) FileIo.closeRaw(dirFd);
            inodes.release(p);
        }
    }

    /** "." as a C string: a directory fd's own directory (TMPFILE, and reopening a directory). */
    private static final MemorySegment DOT = Arena.global().allocateFrom(".");

    /** READ: preadv straight into the transport's buffers. */
    @Override
    public int read(Context ctx, long nodeid, ReadIn in, ReadSink dst) {
        if (dst.count() == 0) return 0;
        OpenFile f = files.acquire(in.fh());
        if (f == null) return -Errno.EBADF;
        try {
            return (int) FileIo.preadvRaw(f.fd, dst.iovecs(), dst.count(), in.offset());
        } finally {
            files.release(f);
        }
    }

    /**
     * WRITE: pwritev straight from the transport's buffers (on an O_APPEND fd Linux appends whatever the
     * offset). With FUSE_WRITE_KILL_SUIDGID the set-id bits are cleared first, as the kernel would for a
     * writer without CAP_FSETID.
     */
    @Override
    public int write(Context ctx, long nodeid, WriteIn in, WriteSource src) {
        if (src.count() == 0) return 0;
        OpenFile f = files.acquire(in.fh());
        if (f == null) return -Errno.EBADF;
        try {
            if (in.killSuidgid()) {
                int r = killSuidgid(f.fd, Fds.procFdPath(Scratch.get().procPath, f.fd), StatH.S_IFREG);
                if (r < 0) return r;
            }
            return (int) FileIo.pwritevRaw(f.fd, src.iovecs(), src.count(), in.offset());
        } finally {
            files.release(f);
        }
    }

    @Override
    public int statfs(Context ctx, long nodeid, StatfsOut out) {
        Inode i = inodes.acquire(nodeid);
        if (i == null) return -Errno.ESTALE;
        try {
            int fd = pathFd(i);
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

    /** RELEASE: closes the handle, unlocking flocks and unregistering its passthrough backing file. */
    @Override
    public int release(Context ctx, long nodeid, long fh, int flags, int releaseFlags, long lockOwner) {
        OpenFile f = files.acquire(fh);
        if (f == null) return -Errno.EBADF;
        try {
            if ((releaseFlags & FuseH.FUSE_RELEASE_FLOCK_UNLOCK) != 0) Locks.flockRaw(f.fd, LockH.LOCK_UN);
            BackingFiles b = backing;
            if (f.backingId > 0 && b != null && f.inode != null) {
                releaseBacking(b, f.inode);
                f.backingId = 0;
            }
        } finally {
            files.release(f);
        }
        files.remove(fh);
        return 0;
    }

    @Override
    public int releasedir(Context ctx, long nodeid, long fh, int flags) {
        return files.remove(fh) == null ? -Errno.EBADF : 0;
    }

    /** FLUSH: a close(2) in the guest drops the POSIX locks of {@code lockOwner} on this file. */
    @Override
    public int flush(Context ctx, long nodeid, long fh, long lockOwner) {
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

    @Override
    public int fsync(Context ctx, long nodeid, long fh, boolean datasync) {
        OpenFile f = files.acquire(fh);
        if (f == null) return -Errno.EBADF;
        try {
            return datasync ? FileData.fdatasyncRaw(f.fd) : FileData.fsyncRaw(f.fd);
        } finally {
            files.release(f);
        }
    }

    @Override
    public int fsyncdir(Context ctx, long nodeid, long fh, boolean datasync) {
        return fsync(ctx, nodeid, fh, datasync);
    }

    @Override
    public int fallocate(Context ctx, long nodeid, long fh, long offset, long length, int mode) {
        OpenFile f = files.acquire(fh);
        if (f == null) return -Errno.EBADF;
        try {
            return FileData.fallocateRaw(f.fd, mode, offset, length);
        } finally {
            files.release(f);
        }
    }

    /** LSEEK: SEEK_DATA / SEEK_HOLE on the host file (the kernel handles SET/CUR/END itself). */
    @Override
    public long lseek(Context ctx, long nodeid, long fh, long offset, int whence) {
        if (whence < SeekH.SEEK_SET || whence > SeekH.SEEK_HOLE) return -Errno.EINVAL;
        OpenFile f = files.acquire(fh);
        if (f == null) return -Errno.EBADF;
        try {
            return FileData.lseekRaw(f.fd, offset, whence);
        } finally {
            files.release(f);
        }
    }

    /** COPY_FILE_RANGE between two open files, server-side (reflinks where the host file system has them). */
    @Override
    public long copyFileRange(Context ctx, long nodeid, CopyFileRangeIn in) {
        if (in.flags() != 0) return -Errno.EINVAL;
        OpenFile src = files.acquire(in.fhIn());
        if (src == null) return -Errno.EBADF;
        OpenFile dst = files.acquire(in.fhOut());
        if (dst == null) {
            files.release(src);
            return -Errno.EBADF;
        }
        try {
            Scratch s = Scratch.get();
            s.offIn.set(JAVA_LONG, 0, in.offIn());
            s.offOut.set(JAVA_LONG, 0, in.offOut());
            return FileData.copyFileRangeRaw(src.fd, s.offIn, dst.fd, s.offOut, in.len(), 0);
        } finally {
            files.release(src);
            files.release(dst);
        }
    }

    @Override
    public int syncfs(Context ctx, long nodeid) {
        Inode i = inodes.acquire(nodeid);
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

    /** ACCESS: checks R_OK/W_OK/X_OK for the caller against the mode bits, as virtiofsd does. */
    @Override
    public int access(Context ctx, long nodeid, int mask) {
        int r = statxOfFileOrInode(nodeid, false, 0);
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
    @Override
    public int statx(Context ctx, long nodeid, int getattrFlags, long fh, int sxFlags, int sxMask, StatxOut out) {
        int r = statxOfFileOrInode(nodeid, (getattrFlags & FuseH.FUSE_GETATTR_FH) != 0, fh);
        if (r < 0) return r;
        MemorySegment sx = Scratch.get().statx;
        out.attrValid(timeout, 0).mask(Statx.mask(sx) & ~StatH.STATX_MNT_ID).blksize(Statx.blksize(sx))
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

    // ---- extended attributes ------------------------------------------------------------------------------

    /**
     * The path that reaches an inode's xattrs: "/proc/self/fd/N" of its O_PATH fd, since f*xattr calls refuse
     * O_PATH fds and a symlink or device node cannot be opened for them (virtiofsd's trick). The fd is ours,
     * so following this one magic link is safe.
     */
    private static MemorySegment xattrPath(int fd) {
        return Fds.procFdPath(Scratch.get().procPath, fd);
    }

    /** An xattr call on an inode's magic-link path; returns its result. */
    private interface XattrCall {
        long apply(MemorySegment path);
    }

    /** Runs {@code call} on the xattr path of inode {@code nodeid} (the lambda allocates: xattrs are no hot path). */
    private long onXattrPath(long nodeid, XattrCall call) {
        if (!config.xattr()) return -Errno.EOPNOTSUPP;
        Inode i = inodes.acquire(nodeid);
        if (i == null) return -Errno.ESTALE;
        try {
            int fd = pathFd(i);
            if (fd < 0) return fd;
            long r = call.apply(xattrPath(fd));
            donePath(i, fd);
            return r;
        } finally {
            inodes.release(i);
        }
    }

    private static MemorySegment body(ByteSink out) {
        return out.segment().asSlice(out.offset(), out.capacity());
    }

    @Override
    public int getxattr(Context ctx, long nodeid, Name name, ByteSink out) {
        return (int) onXattrPath(nodeid, path -> Xattr.getxattrRaw(path, cstr(name), body(out)));
    }

    @Override
    public int setxattr(Context ctx, long nodeid, Name name, MemorySegment value, long valueOffset, int valueSize,
                        int flags, int setxattrFlags) {
        return (int) onXattrPath(nodeid,
                path -> Xattr.setxattrRaw(path, cstr(name), value.asSlice(valueOffset, valueSize), flags));
    }

    @Override
    public int listxattr(Context ctx, long nodeid, ByteSink out) {
        return (int) onXattrPath(nodeid, path -> Xattr.listxattrRaw(path, body(out)));
    }

    @Override
    public int removexattr(Context ctx, long nodeid, Name name) {
        return (int) onXattrPath(nodeid, path -> Xattr.removexattrRaw(path, cstr(name)));
    }

    // ---- directories ----------------------------------------------------------------------------------------

    @Override
    public int opendir(Context ctx, long nodeid, int flags, OpenOut out) {
        Inode i = inodes.acquire(nodeid);
        if (i == null) return -Errno.ESTALE;
        try {
            if (i.type != StatH.S_IFDIR) return -Errno.ENOTDIR;
            int fd = openInode(i, FcntlH.O_RDONLY | FcntlH.O_DIRECTORY);
            if (fd < 0) return fd;
            return finishOpen(fd, i, flags, true, false, out);
        } finally {
            inodes.release(i);
        }
    }

    @Override
    public int readdir(Context ctx, long nodeid, long fh, long offset, DirentSink out) {
        return readdir(fh, offset, out);
    }

    @Override
    public int readdirplus(Context ctx, long nodeid, long fh, long offset, DirentSink out) {
        return readdir(fh, offset, out);
    }

    /**
     * READDIR / READDIRPLUS from {@code offset} (0 or a d_off cookie from an earlier reply). Offsets are the
     * host file system's own getdents64 cookies, so a directory changing between calls neither repeats nor
     * skips the entries that stay. In plus mode every entry but "." and ".." is looked up (one lookup each),
     * and only after checking it fits, so no lookup is counted for an entry the kernel never sees.
     */
    private int readdir(long fh, long offset, DirentSink out) {
        OpenFile f = files.acquire(fh);
        if (f == null) return -Errno.EBADF;
        try {
            if (!f.directory) return -Errno.ENOTDIR;
            boolean plus = out.isPlus();
            MemorySegment buf = Scratch.get().dirents;
            synchronized (f) {
                long at0 = FileData.lseekRaw(f.fd, offset, SeekH.SEEK_SET);
                if (at0 < 0) return (int) at0;
                while (true) {
                    long n = Dirents.getdents64Raw(f.fd, buf);
                    if (n < 0) return out.length() > 0 ? (int) out.length() : (int) n;
                    if (n == 0) return (int) out.length();
                    for (long at = 0; at < n && Dirent64.fits(at, n); at += Dirent64.reclen(buf, at)) {
                        int nameLen = Dirent64.nameLength(buf, at);
                        long nameAt = at + Dirent64.OFFSET_D_NAME;
                        long ino = Dirent64.ino(buf, at);
                        long off = Dirent64.off(buf, at);
                        int type = Dirent64.type(buf, at);
                        if (!plus) {
                            if (!out.add(ino, off, type, buf, nameAt, nameLen)) return (int) out.length();
                            continue;
                        }
                        if (!out.fitsPlus(nameLen)) return (int) out.length();
                        boolean dots = buf.get(JAVA_BYTE, nameAt) == '.'
                                && (nameLen == 1 || (nameLen == 2 && buf.get(JAVA_BYTE, nameAt + 1) == '.'));
                        EntryOut e = out.addPlus(ino, off, type, buf, nameAt, nameLen);
                        if (dots) {
                            e.attr().ino(ino).mode(type << 12);
                            continue;
                        }
                        int cfd = openBeneath(f.fd, buf.asSlice(nameAt, nameLen + 1L), PATH_OPEN, 0);
                        int r = cfd < 0 ? cfd : entryFromFd(cfd, e, true);
                        if (r < 0) {
                            // Gone since getdents (or unreadable): list the name without an entry (node id 0).
                            e.nodeid(0).generation(0).entryValid(0, 0).attrValid(0, 0);
                            e.attr().ino(ino).mode(type << 12);
                        }
                    }
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
            int nfd = FileIo.openRaw(Fds.procFdPath(Scratch.get().procPath, f.fd),
                    (f.flags & FcntlH.O_ACCMODE) | FcntlH.O_CLOEXEC, 0);
            if (nfd < 0) return nfd;
            f.ownerFds.put(owner, nfd);
            return nfd;
        }
    }

    private static void toFlock(LockIn in, MemorySegment fl) {
        long start = in.start();
        long end = in.end();
        long len = end == OFFSET_MAX || end < start ? 0 : end - start + 1;
        Flock.set(fl, in.type(), SeekH.SEEK_SET, start, len);
    }

    /** GETLK: the first lock conflicting with the request, or F_UNLCK. */
    @Override
    public int getlk(Context ctx, long nodeid, LockIn in, LockOut out) {
        OpenFile f = files.acquire(in.fh());
        if (f == null) return -Errno.EBADF;
        try {
            int fd = ownerFd(f, in.owner());
            if (fd < 0) return fd;
            MemorySegment fl = Scratch.get().flock;
            toFlock(in, fl);
            int r = Locks.ofdLockRaw(fd, LockH.F_OFD_GETLK, fl);
            if (r < 0) return r;
            int type = Flock.type(fl);
            if (type == LockH.F_UNLCK) {
                out.set(0, 0, LockH.F_UNLCK, 0);
            } else {
                long len = Flock.len(fl);
                out.set(Flock.start(fl), len == 0 ? OFFSET_MAX : Flock.start(fl) + len - 1, type, 0);
            }
            return 0;
        } finally {
            files.release(f);
        }
    }

    /**
     * SETLK / SETLKW: a POSIX lock becomes an OFD lock on the lock owner's own open file description (so locks
     * of different guest owners conflict as between processes); a flock(2) lock goes on the handle's file.
     */
    @Override
    public int setlk(Context ctx, long nodeid, LockIn in, boolean sleep) {
        OpenFile f = files.acquire(in.fh());
        if (f == null) return -Errno.EBADF;
        try {
            int type = in.type();
            if (in.isFlock()) {
                int op = switch (type) {
                    case LockH.F_RDLCK -> LockH.LOCK_SH;
                    case LockH.F_WRLCK -> LockH.LOCK_EX;
                    case LockH.F_UNLCK -> LockH.LOCK_UN;
                    default -> -1;
                };
                if (op < 0) return -Errno.EINVAL;
                int r = Locks.flockRaw(f.fd, op | LockH.LOCK_NB);
                if (r != -Errno.EAGAIN || !sleep) return r;
                int lockFd = f.fd;
                return waitForLock(ctx, () -> Locks.flockRaw(lockFd, op | LockH.LOCK_NB));
            }
            if (type != LockH.F_RDLCK && type != LockH.F_WRLCK && type != LockH.F_UNLCK) return -Errno.EINVAL;
            int fd = ownerFd(f, in.owner());
            if (fd < 0) return fd;
            MemorySegment fl = Scratch.get().flock;
            toFlock(in, fl);
            int r = Locks.ofdLockRaw(fd, LockH.F_OFD_SETLK, fl);
            if (r != -Errno.EAGAIN || !sleep) return r;
            return waitForLock(ctx, () -> Locks.ofdLockRaw(fd, LockH.F_OFD_SETLK, fl));
        } finally {
            files.release(f);
        }
    }

    /**
     * SETLKW on a held lock. A blocking fcntl would hold this worker until the lock is free, and the unlock
     * that frees it needs a worker too, so with every worker waiting the mount deadlocks. Instead the lock is
     * retried with a growing pause (at most 20 ms), at most {@link #maxLockWaiters} at a time (more gets
     * EDEADLK, which fcntl(F_SETLKW) may return), and an INTERRUPT from the kernel (the waiting process got a
     * signal) ends the wait with EINTR.
     */
    private int waitForLock(Context ctx, java.util.function.IntSupplier attempt) {
        if (!lockWaiters.tryAcquire()) return -Errno.EDEADLK;
        try {
            long pauseNanos = 100_000;
            while (true) {
                if (ctx.interrupted()) return -Errno.EINTR;
                java.util.concurrent.locks.LockSupport.parkNanos(pauseNanos);
                pauseNanos = Math.min(pauseNanos * 2, 20_000_000);
                int r = attempt.getAsInt();
                if (r != -Errno.EAGAIN) return r;
            }
        } finally {
            lockWaiters.release();
        }
    }

    /**
     * Sets how many requests may wait for a lock at once: keep it below the number of transport workers, so one
     * is always free to serve the unlock.
     */
    public void maxLockWaiters(int n) {
        if (n < 1) throw new IllegalArgumentException("max lock waiters " + n + " must be at least 1");
        lockWaiters = new java.util.concurrent.Semaphore(n);
    }
}
