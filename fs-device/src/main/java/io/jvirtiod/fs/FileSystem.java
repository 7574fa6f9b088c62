package io.jvirtiod.fs;

import io.jvirtiod.fs.protocol.AttrOut;
import io.jvirtiod.fs.protocol.ByteSink;
import io.jvirtiod.fs.protocol.CopyFileRangeIn;
import io.jvirtiod.fs.protocol.DirentSink;
import io.jvirtiod.fs.protocol.EntryOut;
import io.jvirtiod.fs.protocol.ForgetBatch;
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

import static io.jvirtiod.binding.sys.Errno.ENOSYS;

/**
 * A file system served over the FUSE protocol, one method per FUSE operation, independent of the transport
 * (/dev/fuse or virtio-fs queues) and of the wire format: the dispatcher decodes and validates a request, calls
 * one of these methods, and encodes the reply from what the method wrote into its output flyweight.
 *
 * <p>Conventions: every method gets the caller's {@link Context}; node ids are the kernel's (1 is the root);
 * arguments are flyweights over the request and outputs are flyweights over the reply buffer, valid only
 * during the call, so serving a request allocates nothing. A method returns 0 (or a byte count where said)
 * on success and a negative errno for an ordinary failure (-ENOENT from lookup is an answer, not an error);
 * it should not throw — an exception is a bug, answered with EIO and logged. Every default answers -ENOSYS,
 * which makes the kernel stop sending that operation where it can (open, flush, fsync, xattrs, locks...).
 *
 * <p>Methods are called concurrently from several workers, also for the same node.
 */
public interface FileSystem {

    /**
     * INIT: called once, before any other request. Adjust the flags wanted and the limits in {@code config}
     * (e.g. want FUSE_PASSTHROUGH if offered and {@code config.backing()} is not null). A negative errno
     * refuses the session.
     */
    default int init(Context ctx, InitConfig config) {
        return 0;
    }

    /** DESTROY: the session ends (unmount); release everything. */
    default void destroy() {}

    /** LOOKUP {@code name} in directory {@code parent}; on success counts one lookup of the node returned. */
    default int lookup(Context ctx, long parent, Name name, EntryOut out) {
        return -ENOSYS;
    }

    /** FORGET: the kernel drops {@code nlookup} lookups of {@code nodeid}. No reply is sent. */
    default void forget(Context ctx, long nodeid, long nlookup) {}

    /** BATCH_FORGET: several forgets at once. No reply is sent. */
    default void batchForget(Context ctx, ForgetBatch batch) {
        for (int i = 0; i < batch.count(); i++) forget(ctx, batch.nodeid(i), batch.nlookup(i));
    }

    /** GETATTR; {@code fh} is an open file's handle if {@code getattrFlags} has FUSE_GETATTR_FH. */
    default int getattr(Context ctx, long nodeid, int getattrFlags, long fh, AttrOut out) {
        return -ENOSYS;
    }

    /** SETATTR: change what {@code in.valid()} says (chmod, chown, truncate, utimes) and reply the result. */
    default int setattr(Context ctx, long nodeid, SetattrIn in, AttrOut out) {
        return -ENOSYS;
    }

    /** READLINK: write the target into {@code out}; returns its length (at most out.capacity()). */
    default int readlink(Context ctx, long nodeid, ByteSink out) {
        return -ENOSYS;
    }

    /** SYMLINK: create {@code name} in {@code parent} pointing to {@code target}. */
    default int symlink(Context ctx, long parent, Name name, Name target, EntryOut out) {
        return -ENOSYS;
    }

    /** MKNOD (regular files without CREATE, fifos, sockets, devices). */
    default int mknod(Context ctx, long parent, Name name, int mode, int rdev, int umask, EntryOut out) {
        return -ENOSYS;
    }

    default int mkdir(Context ctx, long parent, Name name, int mode, int umask, EntryOut out) {
        return -ENOSYS;
    }

    default int unlink(Context ctx, long parent, Name name) {
        return -ENOSYS;
    }

    default int rmdir(Context ctx, long parent, Name name) {
        return -ENOSYS;
    }

    /** RENAME and RENAME2; {@code flags} are RENAME_NOREPLACE/EXCHANGE/WHITEOUT (0 for RENAME). */
    default int rename(Context ctx, long parent, Name name, long newParent, Name newName, int flags) {
        return -ENOSYS;
    }

    /** LINK: a new name {@code newName} in {@code newParent} for {@code nodeid}. */
    default int link(Context ctx, long nodeid, long newParent, Name newName, EntryOut out) {
        return -ENOSYS;
    }

    /** OPEN with open(2) {@code flags}; {@code openFlags} are FUSE_OPEN_* (FUSE_OPEN_KILL_SUIDGID). */
    default int open(Context ctx, long nodeid, int flags, int openFlags, OpenOut out) {
        return -ENOSYS;
    }

    /**
     * READ up to {@code in.size()} bytes at {@code in.offset()} into {@code dst} (exactly in.size() bytes of
     * room, e.g. preadv on dst.iovecs()); returns the bytes read (short only at end of file) or -errno.
     */
    default int read(Context ctx, long nodeid, ReadIn in, ReadSink dst) {
        return -ENOSYS;
    }

    /**
     * WRITE the {@code src.size()} (= in.size()) bytes of {@code src} at {@code in.offset()}, e.g. pwritev on
     * src.iovecs(); returns the bytes written or -errno.
     */
    default int write(Context ctx, long nodeid, WriteIn in, WriteSource src) {
        return -ENOSYS;
    }

    default int statfs(Context ctx, long nodeid, StatfsOut out) {
        return -ENOSYS;
    }

    /** RELEASE: the last reference to an open file is gone; {@code releaseFlags} are FUSE_RELEASE_*. */
    default int release(Context ctx, long nodeid, long fh, int flags, int releaseFlags, long lockOwner) {
        return -ENOSYS;
    }

    default int fsync(Context ctx, long nodeid, long fh, boolean datasync) {
        return -ENOSYS;
    }

    /** FLUSH: a close(2) of one descriptor of the open file (drop POSIX locks of {@code lockOwner}). */
    default int flush(Context ctx, long nodeid, long fh, long lockOwner) {
        return -ENOSYS;
    }

    /**
     * SETXATTR {@code name} to the {@code valueSize} bytes at {@code valueOffset} of {@code value};
     * {@code flags} are XATTR_CREATE/XATTR_REPLACE, {@code setxattrFlags} FUSE_SETXATTR_ACL_KILL_SGID.
     */
    default int setxattr(Context ctx, long nodeid, Name name, MemorySegment value, long valueOffset, int valueSize,
                         int flags, int setxattrFlags) {
        return -ENOSYS;
    }

    /**
     * GETXATTR: returns the value's length; writes the value into {@code out} unless out.capacity() is 0
     * (size query). -ERANGE if it does not fit, -ENODATA if there is none.
     */
    default int getxattr(Context ctx, long nodeid, Name name, ByteSink out) {
        return -ENOSYS;
    }

    /** LISTXATTR: as {@link #getxattr}, for the NUL-separated list of names. */
    default int listxattr(Context ctx, long nodeid, ByteSink out) {
        return -ENOSYS;
    }

    default int removexattr(Context ctx, long nodeid, Name name) {
        return -ENOSYS;
    }

    default int opendir(Context ctx, long nodeid, int flags, OpenOut out) {
        return -ENOSYS;
    }

    /** READDIR from the entry after cookie {@code offset} (0: from the start), as many entries as fit. */
    default int readdir(Context ctx, long nodeid, long fh, long offset, DirentSink out) {
        return -ENOSYS;
    }

    /** READDIRPLUS: as readdir, each entry with its lookup (which counts as a lookup unless nodeid is 0). */
    default int readdirplus(Context ctx, long nodeid, long fh, long offset, DirentSink out) {
        return -ENOSYS;
    }

    default int releasedir(Context ctx, long nodeid, long fh, int flags) {
        return -ENOSYS;
    }

    default int fsyncdir(Context ctx, long nodeid, long fh, boolean datasync) {
        return -ENOSYS;
    }

    /** GETLK: the first lock conflicting with {@code in}, or F_UNLCK. */
    default int getlk(Context ctx, long nodeid, LockIn in, LockOut out) {
        return -ENOSYS;
    }

    /** SETLK ({@code sleep} false) and SETLKW ({@code sleep} true: wait; give up with -EINTR if interrupted). */
    default int setlk(Context ctx, long nodeid, LockIn in, boolean sleep) {
        return -ENOSYS;
    }

    /** ACCESS with R_OK/W_OK/X_OK/F_OK {@code mask} (only sent without default_permissions). */
    default int access(Context ctx, long nodeid, int mask) {
        return -ENOSYS;
    }

    /** CREATE and open {@code name} in {@code parent}: fills both the entry and the open reply. */
    default int create(Context ctx, long parent, Name name, int flags, int mode, int umask, int openFlags,
                       EntryOut entry, OpenOut open) {
        return -ENOSYS;
    }

    /** FALLOCATE with FALLOC_FL_* {@code mode}. */
    default int fallocate(Context ctx, long nodeid, long fh, long offset, long length, int mode) {
        return -ENOSYS;
    }

    /** LSEEK (SEEK_DATA/SEEK_HOLE): returns the resulting offset or -errno. */
    default long lseek(Context ctx, long nodeid, long fh, long offset, int whence) {
        return -ENOSYS;
    }

    /** COPY_FILE_RANGE from {@code nodeid} to {@code in.nodeidOut()}: returns bytes copied or -errno. */
    default long copyFileRange(Context ctx, long nodeid, CopyFileRangeIn in) {
        return -ENOSYS;
    }

    /** SYNCFS: sync the whole file system. */
    default int syncfs(Context ctx, long nodeid) {
        return -ENOSYS;
    }

    /** TMPFILE: an unnamed file in {@code parent} (open(2) O_TMPFILE), opened. */
    default int tmpfile(Context ctx, long parent, int flags, int mode, int umask, int openFlags, EntryOut entry,
                        OpenOut open) {
        return -ENOSYS;
    }

    /** STATX (7.39); {@code sxFlags} are AT_STATX_*, {@code sxMask} the STATX_* fields wanted. */
    default int statx(Context ctx, long nodeid, int getattrFlags, long fh, int sxFlags, int sxMask, StatxOut out) {
        return -ENOSYS;
    }

    /** SETUPMAPPING (virtio-fs DAX): map a file range at {@code moffset} of the DAX window. */
    default int setupMapping(Context ctx, long nodeid, long fh, long foffset, long len, long flags, long moffset) {
        return -ENOSYS;
    }

    /** REMOVEMAPPING (virtio-fs DAX): unmap one range of the DAX window (called per range). */
    default int removeMapping(Context ctx, long moffset, long len) {
        return -ENOSYS;
    }
}
