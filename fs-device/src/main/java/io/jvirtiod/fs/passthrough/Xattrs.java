package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.Fds;
import io.jvirtiod.binding.sys.Xattr;
import io.jvirtiod.fs.protocol.ByteSink;
import io.jvirtiod.fs.protocol.Name;

import java.lang.foreign.MemorySegment;

import static io.jvirtiod.fs.passthrough.InodeFds.donePath;
import static io.jvirtiod.fs.passthrough.Names.cstr;

/** Extended attributes: GETXATTR, SETXATTR, LISTXATTR and REMOVEXATTR, when the configuration allows them. */
final class Xattrs {
    private final InodeFds fds;
    private final boolean enabled;

    Xattrs(InodeFds fds, boolean enabled) {
        this.fds = fds;
        this.enabled = enabled;
    }

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
        if (!enabled) return -Errno.EOPNOTSUPP;
        Inode i = fds.inodes.acquire(nodeid);
        if (i == null) return -Errno.ESTALE;
        try {
            int fd = fds.pathFd(i);
            if (fd < 0) return fd;
            long r = call.apply(xattrPath(fd));
            donePath(i, fd);
            return r;
        } finally {
            fds.inodes.release(i);
        }
    }

    int getxattr(long nodeid, Name name, ByteSink out) {
        return (int) onXattrPath(nodeid, path -> Xattr.getxattrRaw(path, cstr(name), out.asSegment()));
    }

    int setxattr(long nodeid, Name name, MemorySegment value, long valueOffset, int valueSize, int flags) {
        return (int) onXattrPath(nodeid,
                path -> Xattr.setxattrRaw(path, cstr(name), value.asSlice(valueOffset, valueSize), flags));
    }

    int listxattr(long nodeid, ByteSink out) {
        return (int) onXattrPath(nodeid, path -> Xattr.listxattrRaw(path, out.asSegment()));
    }

    int removexattr(long nodeid, Name name) {
        return (int) onXattrPath(nodeid, path -> Xattr.removexattrRaw(path, cstr(name)));
    }
}
