package io.jvirtiod.fs.fuse;

import io.jvirtiod.binding.fuse.FuseBackingMap;
import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.Ioctl;
import io.jvirtiod.fs.BackingFiles;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * FUSE passthrough backing files registered on the session's /dev/fuse fd (FUSE_DEV_IOC_BACKING_OPEN/CLOSE,
 * 7.40); the kernel requires CAP_SYS_ADMIN in the initial user namespace for it.
 */
final class DevFuseBackingFiles implements BackingFiles {
    private static final ThreadLocal<MemorySegment> ARG =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(FuseBackingMap.LAYOUT));
    private final int sessionFd;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    DevFuseBackingFiles(int sessionFd) {
        this.sessionFd = sessionFd;
    }

    @Override
    public int open(int fd) {
        MemorySegment map = ARG.get();
        map.set(JAVA_INT, FuseBackingMap.OFFSET_FD, fd);
        map.set(JAVA_INT, FuseBackingMap.OFFSET_FLAGS, 0);
        map.set(JAVA_LONG, FuseBackingMap.OFFSET_PADDING, 0L);
        return ioctl(FuseH.FUSE_DEV_IOC_BACKING_OPEN, map);
    }

    @Override
    public int close(int backingId) {
        MemorySegment arg = ARG.get();
        arg.set(JAVA_INT, 0, backingId);
        return ioctl(FuseH.FUSE_DEV_IOC_BACKING_CLOSE, arg);
    }

    private int ioctl(long request, MemorySegment arg) {
        lock.readLock().lock();
        try {
            return closed ? -Errno.ENODEV : Ioctl.ioctlRaw(sessionFd, request, arg);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Called before the session fd is closed, so no ioctl reaches a reused fd number. */
    void close() {
        lock.writeLock().lock();
        try {
            closed = true;
        } finally {
            lock.writeLock().unlock();
        }
    }
}
