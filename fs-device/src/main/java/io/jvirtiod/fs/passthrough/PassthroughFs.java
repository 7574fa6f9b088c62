package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.sys.Creds;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.ErrnoException;
import io.jvirtiod.binding.sys.FcntlH;
import io.jvirtiod.binding.sys.FileHandles;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.FileStat;
import io.jvirtiod.binding.sys.Statx;
import io.jvirtiod.fs.Context;
import io.jvirtiod.fs.FileSystem;
import io.jvirtiod.fs.InitConfig;
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

import java.lang.foreign.MemorySegment;

import static io.jvirtiod.fs.passthrough.InodeFds.STATX_WANT;
import static io.jvirtiod.fs.passthrough.InodeFds.STAT_FLAGS;

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
 *
 * <p>This class is the facade: it owns the shared directory's fds and the tables, answers INIT, and hands each
 * operation to the part that implements it, as virtiofsd's passthrough/ is split: {@link InodeFds} (inode
 * lookup and handles), {@link NameSpace} (lookup, mknod, mkdir, symlink, link, rename, unlink), {@link Opens}
 * (open, create, tmpfile, release), {@link DataIo} (read, write, sync), {@link Attributes} (getattr, setattr,
 * statx, access, statfs), {@link Xattrs}, {@link ReadDir}, {@link FileLocks}, {@link BackingIds} (FUSE
 * passthrough) and {@link Credentials} (the caller's fsuid/fsgid and supplementary group).
 */
public final class PassthroughFs implements FileSystem, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PassthroughFs.class.getName());
    private final PassthroughConfig config;
    private final int rootFd;
    /** A plain (not O_PATH) fd of the shared dir: open_by_handle_at refuses O_PATH mount fds. */
    private final int mountFd;
    private final InodeTable inodes;
    private final OpenFileTable files = new OpenFileTable();
    private final InodeFds fds;
    private final BackingIds backing = new BackingIds();
    private final NameSpace names;
    private final Opens opens;
    private final DataIo data;
    private final Attributes attributes;
    private final Xattrs xattrs;
    private final ReadDir readDir;
    private final FileLocks locks = new FileLocks(files);

    /** Opens the shared directory; fails with a message naming it if it is missing or not a directory. */
    public PassthroughFs(PassthroughConfig config) {
        this.config = config;
        Credentials creds = new Credentials();
        this.rootFd = FileIo.open(config.sharedDir().toString(),
                FcntlH.O_PATH | FcntlH.O_DIRECTORY | FcntlH.O_CLOEXEC, 0);
        Scratch s = Scratch.get();
        int r = FileStat.statxRaw(rootFd, FileStat.EMPTY_PATH, STAT_FLAGS, STATX_WANT, s.statx);
        if (r < 0) {
            FileIo.closeRaw(rootFd);
            throw new ErrnoException("statx(" + config.sharedDir() + ")", -r);
        }
        this.inodes = new InodeTable(InodeFds.devOf(s.statx), Statx.ino(s.statx), Statx.mntId(s.statx), rootFd,
                config.dirFdCache(), config.inodeLimit());
        SharedDirMount.warning(config.sharedDir(), SharedDirMount.missingOptions(Statx.mntId(s.statx)))
                .ifPresent(w -> LOG.log(System.Logger.Level.WARNING, w));
        this.mountFd = FileIo.open(config.sharedDir().toString(),
                FcntlH.O_RDONLY | FcntlH.O_DIRECTORY | FcntlH.O_CLOEXEC, 0);
        boolean handles = config.fileHandles() && handlesWork(rootFd, mountFd);
        // node id:generation must be unique over the file system's life; node ids restart at 2 with every
        // daemon start, so the start time tells a restarted daemon's ids from the previous one's.
        long generation = System.currentTimeMillis() / 1000;
        this.fds = new InodeFds(inodes, files, mountFd, handles, generation, config.entryTimeoutNanos());
        this.names = new NameSpace(fds, creds);
        RemappedCapability capability = new RemappedCapability(config.xattrMap());
        this.opens = new Opens(fds, config, creds, backing, capability);
        this.data = new DataIo(fds, capability);
        this.attributes = new Attributes(fds, capability);
        this.xattrs = new Xattrs(fds, config.xattr(), config.xattrMap());
        this.readDir = new ReadDir(fds);
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
        return fds.handles;
    }

    // ---- INIT / DESTROY -------------------------------------------------------------------------------------

    /** The capability flags this file system wants (transport-level ones are the dispatcher's). */
    static final long WANTED = FuseH.FUSE_ASYNC_READ | FuseH.FUSE_ATOMIC_O_TRUNC
            | FuseH.FUSE_EXPORT_SUPPORT | FuseH.FUSE_PARALLEL_DIROPS | FuseH.FUSE_ASYNC_DIO
            | FuseH.FUSE_AUTO_INVAL_DATA | FuseH.FUSE_CACHE_SYMLINKS | FuseH.FUSE_CREATE_SUPP_GROUP;

    /**
     * INIT: asks for parallel directory operations and the creating caller's supplementary group
     * (FUSE_CREATE_SUPP_GROUP, see {@link Credentials}); flock and POSIX locks, readdirplus, submount
     * announcements (FUSE_SUBMOUNTS), kill-suidgid handling (FUSE_HANDLE_KILLPRIV_V2), writeback caching and FUSE
     * passthrough when configured and offered (passthrough also needs the transport's backing-file
     * registration). FUSE_DONT_MASK is not asked for: the kernel applies the umask.
     */
    @Override
    public int init(Context ctx, InitConfig init) {
        init.want(WANTED).unwant(FuseH.FUSE_DONT_MASK);
        if (config.killprivV2()) init.want(FuseH.FUSE_HANDLE_KILLPRIV_V2);
        else init.unwant(FuseH.FUSE_HANDLE_KILLPRIV_V2);
        if (config.posixLocks()) init.want(FuseH.FUSE_POSIX_LOCKS);
        else init.unwant(FuseH.FUSE_POSIX_LOCKS);
        if (config.flockLocks()) init.want(FuseH.FUSE_FLOCK_LOCKS);
        else init.unwant(FuseH.FUSE_FLOCK_LOCKS);
        long plus = FuseH.FUSE_DO_READDIRPLUS | FuseH.FUSE_READDIRPLUS_AUTO;
        if (config.readdirplus()) init.want(plus);
        else init.unwant(plus);
        boolean submounts = config.announceSubmounts() && init.offers(FuseH.FUSE_SUBMOUNTS);
        if (config.announceSubmounts() && !submounts) {
            LOG.log(System.Logger.Level.WARNING, "--announce-submounts: the kernel does not offer FUSE_SUBMOUNTS; "
                    + "submounts are shown as plain directories");
        }
        if (submounts) init.want(FuseH.FUSE_SUBMOUNTS);
        else init.unwant(FuseH.FUSE_SUBMOUNTS);
        fds.announceSubmounts = submounts;
        if (config.writeback()) init.want(FuseH.FUSE_WRITEBACK_CACHE);
        else init.unwant(FuseH.FUSE_WRITEBACK_CACHE);
        if (config.passthrough() && config.cache().cachesData() && init.backing() != null
                && init.offers(FuseH.FUSE_PASSTHROUGH)) {
            init.want(FuseH.FUSE_PASSTHROUGH).maxStackDepth(1);
            backing.use(init.backing());
        } else {
            init.unwant(FuseH.FUSE_PASSTHROUGH);
            backing.use(null);
        }
        opens.negotiated(init.enabled(FuseH.FUSE_WRITEBACK_CACHE), init.enabled(FuseH.FUSE_POSIX_LOCKS));
        return 0;
    }

    /** The generation every entry reply carries (see the constructor). */
    public long generation() {
        return fds.generation;
    }

    /** True once INIT granted FUSE passthrough. */
    public boolean passthroughActive() {
        return backing.active();
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

    // ---- name space (NameSpace) ------------------------------------------------------------------------------

    @Override
    public int lookup(Context ctx, long parent, Name name, EntryOut out) {
        return names.lookup(parent, name, out);
    }

    @Override
    public void forget(Context ctx, long nodeid, long nlookup) {
        inodes.forget(nodeid, nlookup);
    }

    @Override
    public int readlink(Context ctx, long nodeid, ByteSink out) {
        return names.readlink(nodeid, out);
    }

    @Override
    public int mkdir(Context ctx, long parent, Name name, int mode, int umask, EntryOut out) {
        if (inodes.full()) return -Errno.ENFILE; // refused before the host file exists (as each create below)
        return names.mkdir(ctx, parent, name, mode, umask, out);
    }

    @Override
    public int mknod(Context ctx, long parent, Name name, int mode, int rdev, int umask, EntryOut out) {
        if (inodes.full()) return -Errno.ENFILE;
        return names.mknod(ctx, parent, name, mode, rdev, umask, out);
    }

    @Override
    public int symlink(Context ctx, long parent, Name name, Name target, EntryOut out) {
        if (inodes.full()) return -Errno.ENFILE;
        return names.symlink(ctx, parent, name, target, out);
    }

    @Override
    public int unlink(Context ctx, long parent, Name name) {
        return names.unlink(parent, name);
    }

    @Override
    public int rmdir(Context ctx, long parent, Name name) {
        return names.rmdir(parent, name);
    }

    @Override
    public int rename(Context ctx, long parent, Name name, long newParent, Name newName, int flags) {
        return names.rename(parent, name, newParent, newName, flags);
    }

    @Override
    public int link(Context ctx, long nodeid, long newParent, Name newName, EntryOut out) {
        return names.link(nodeid, newParent, newName, out);
    }

    // ---- attributes (Attributes) -----------------------------------------------------------------------------

    @Override
    public int getattr(Context ctx, long nodeid, int getattrFlags, long fh, AttrOut out) {
        return attributes.getattr(nodeid, getattrFlags, fh, out);
    }

    @Override
    public int setattr(Context ctx, long nodeid, SetattrIn in, AttrOut out) {
        return attributes.setattr(nodeid, in, out);
    }

    @Override
    public int statx(Context ctx, long nodeid, int getattrFlags, long fh, int sxFlags, int sxMask, StatxOut out) {
        return attributes.statx(nodeid, getattrFlags, fh, out);
    }

    @Override
    public int access(Context ctx, long nodeid, int mask) {
        return attributes.access(ctx, nodeid, mask);
    }

    @Override
    public int statfs(Context ctx, long nodeid, StatfsOut out) {
        return attributes.statfs(nodeid, out);
    }

    // ---- opening and closing (Opens) -------------------------------------------------------------------------

    @Override
    public int open(Context ctx, long nodeid, int flags, int openFlags, OpenOut out) {
        return opens.open(nodeid, flags, openFlags, out);
    }

    @Override
    public int opendir(Context ctx, long nodeid, int flags, OpenOut out) {
        return opens.opendir(nodeid, flags, out);
    }

    @Override
    public int create(Context ctx, long parent, Name name, int flags, int mode, int umask, int openFlags,
                      EntryOut entry, OpenOut open) {
        if (inodes.full()) return -Errno.ENFILE;
        return opens.create(ctx, parent, name, flags, mode, umask, openFlags, entry, open);
    }

    @Override
    public int tmpfile(Context ctx, long parent, int flags, int mode, int umask, int openFlags, EntryOut entry,
                       OpenOut open) {
        if (inodes.full()) return -Errno.ENFILE;
        return opens.tmpfile(ctx, parent, flags, mode, umask, entry, open);
    }

    @Override
    public int release(Context ctx, long nodeid, long fh, int flags, int releaseFlags, long lockOwner) {
        return opens.release(fh, releaseFlags);
    }

    @Override
    public int releasedir(Context ctx, long nodeid, long fh, int flags) {
        return opens.releasedir(fh);
    }

    // ---- file data (DataIo) ----------------------------------------------------------------------------------

    @Override
    public int read(Context ctx, long nodeid, ReadIn in, ReadSink dst) {
        return data.read(in, dst);
    }

    @Override
    public int write(Context ctx, long nodeid, WriteIn in, WriteSource src) {
        return data.write(in, src);
    }

    @Override
    public int fsync(Context ctx, long nodeid, long fh, boolean datasync) {
        return data.fsync(fh, datasync);
    }

    @Override
    public int fsyncdir(Context ctx, long nodeid, long fh, boolean datasync) {
        return data.fsync(fh, datasync);
    }

    @Override
    public int fallocate(Context ctx, long nodeid, long fh, long offset, long length, int mode) {
        return data.fallocate(fh, offset, length, mode);
    }

    @Override
    public long lseek(Context ctx, long nodeid, long fh, long offset, int whence) {
        return data.lseek(fh, offset, whence);
    }

    @Override
    public long copyFileRange(Context ctx, long nodeid, CopyFileRangeIn in) {
        return data.copyFileRange(in);
    }

    @Override
    public int syncfs(Context ctx, long nodeid) {
        return data.syncfs(nodeid);
    }

    // ---- extended attributes (Xattrs) ------------------------------------------------------------------------

    @Override
    public int getxattr(Context ctx, long nodeid, Name name, ByteSink out) {
        return xattrs.getxattr(nodeid, name, out);
    }

    @Override
    public int setxattr(Context ctx, long nodeid, Name name, MemorySegment value, long valueOffset, int valueSize,
                        int flags, int setxattrFlags) {
        return xattrs.setxattr(nodeid, name, value, valueOffset, valueSize, flags);
    }

    @Override
    public int listxattr(Context ctx, long nodeid, ByteSink out) {
        return xattrs.listxattr(nodeid, out);
    }

    @Override
    public int removexattr(Context ctx, long nodeid, Name name) {
        return xattrs.removexattr(nodeid, name);
    }

    // ---- directories (ReadDir) -------------------------------------------------------------------------------

    @Override
    public int readdir(Context ctx, long nodeid, long fh, long offset, DirentSink out) {
        return readDir.readdir(fh, offset, out);
    }

    @Override
    public int readdirplus(Context ctx, long nodeid, long fh, long offset, DirentSink out) {
        return readDir.readdir(fh, offset, out);
    }

    // ---- locks (FileLocks) -----------------------------------------------------------------------------------

    @Override
    public int flush(Context ctx, long nodeid, long fh, long lockOwner) {
        return locks.flush(fh, lockOwner);
    }

    @Override
    public int getlk(Context ctx, long nodeid, LockIn in, LockOut out) {
        return locks.getlk(in, out);
    }

    @Override
    public int setlk(Context ctx, long nodeid, LockIn in, boolean sleep) {
        return locks.setlk(ctx, in, sleep);
    }

    /**
     * Sets how many requests may wait for a lock at once: keep it below the number of transport workers, so one
     * is always free to serve the unlock; 0 lets none wait (a SETLKW on a held lock is answered EOPNOTSUPP).
     */
    public void maxLockWaiters(int n) {
        locks.maxLockWaiters(n);
    }
}
