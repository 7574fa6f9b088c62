package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.FcntlH;
import io.jvirtiod.binding.sys.Fds;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.Flock;
import io.jvirtiod.binding.sys.LockH;
import io.jvirtiod.binding.sys.Locks;
import io.jvirtiod.binding.sys.SeekH;
import io.jvirtiod.fs.Context;
import io.jvirtiod.fs.protocol.LockIn;
import io.jvirtiod.fs.protocol.LockOut;
import org.agrona.collections.Long2LongHashMap;

import java.lang.foreign.MemorySegment;

/**
 * POSIX (fcntl) and flock(2) locks on open files: GETLK, SETLK, SETLKW, and the FLUSH that drops a closing
 * owner's POSIX locks. A POSIX lock is an OFD lock on its owner's own open file description.
 */
final class FileLocks {
    private static final long OFFSET_MAX = Long.MAX_VALUE;

    private final OpenFileTable files;
    /** Permits for requests waiting on a lock (see {@link #waitForLock}); default for 4 workers. */
    private volatile java.util.concurrent.Semaphore lockWaiters = new java.util.concurrent.Semaphore(3);

    FileLocks(OpenFileTable files) {
        this.files = files;
    }

    /** FLUSH: a close(2) in the guest drops the POSIX locks of {@code lockOwner} on this file. */
    int flush(long fh, long lockOwner) {
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
    int getlk(LockIn in, LockOut out) {
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
    int setlk(Context ctx, LockIn in, boolean sleep) {
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
     * EDEADLK, which fcntl(F_SETLKW) may return), and the wait ends with EINTR on an INTERRUPT from the kernel
     * (the waiting process got a signal) or when the transport stops this worker ({@link Context#interrupted}:
     * GET_VRING_BASE, a reset, a disconnect), so no stop waits for a lock.
     */
    private int waitForLock(Context ctx, java.util.function.IntSupplier attempt) {
        java.util.concurrent.Semaphore waiters = lockWaiters;
        if (waiters == null) return -Errno.EOPNOTSUPP;
        if (!waiters.tryAcquire()) return -Errno.EDEADLK;
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
            waiters.release();
        }
    }

    /**
     * Sets how many requests may wait for a lock at once: keep it below the number of transport workers, so one
     * is always free to serve the unlock. 0 lets none wait: a SETLKW on a held lock is answered EOPNOTSUPP, as
     * virtiofsd answers every SETLKW (passthrough_ll.c lo_setlk); virtio-fs, where a waiter can hold up the reply
     * the lock holder needs before it unlocks, sets it.
     */
    void maxLockWaiters(int n) {
        if (n < 0) throw new IllegalArgumentException("max lock waiters " + n + " < 0");
        lockWaiters = n == 0 ? null : new java.util.concurrent.Semaphore(n);
    }
}
