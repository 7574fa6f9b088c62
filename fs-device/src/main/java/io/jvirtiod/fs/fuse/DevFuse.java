package io.jvirtiod.fs.fuse;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.sys.ErrnoException;
import io.jvirtiod.binding.sys.FcntlH;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.Ioctl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The /dev/fuse character device: opening a session fd and cloning it, so that each worker reads requests
 * from and writes replies to its own fd (FUSE_DEV_IOC_CLONE gives each fd its own processing queue, so
 * workers do not contend on one lock in the kernel).
 */
public final class DevFuse {
    private DevFuse() {}

    public static final String PATH = "/dev/fuse";

    /** Opens /dev/fuse for a new session. */
    public static int open() {
        return FileIo.open(PATH, FcntlH.O_RDWR | FcntlH.O_CLOEXEC, 0);
    }

    /** A new fd attached to the session of {@code sessionFd} (FUSE_DEV_IOC_CLONE). */
    public static int cloneOf(int sessionFd) {
        return cloneOf(sessionFd, false);
    }

    /**
     * A new fd attached to the session of {@code sessionFd}; with {@code nonBlocking} its reads return EAGAIN
     * instead of sleeping when no request is pending (a polling worker's second fd).
     */
    public static int cloneOf(int sessionFd, boolean nonBlocking) {
        int fd = FileIo.open(PATH, FcntlH.O_RDWR | FcntlH.O_CLOEXEC | (nonBlocking ? FcntlH.O_NONBLOCK : 0), 0);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment arg = a.allocate(JAVA_INT);
            arg.set(JAVA_INT, 0, sessionFd);
            Ioctl.ioctl(fd, FuseH.FUSE_DEV_IOC_CLONE, arg, "FUSE_DEV_IOC_CLONE");
            return fd;
        } catch (ErrnoException e) {
            FileIo.closeRaw(fd);
            throw e;
        }
    }
}
