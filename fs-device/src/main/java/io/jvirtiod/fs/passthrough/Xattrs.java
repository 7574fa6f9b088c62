package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.Fds;
import io.jvirtiod.binding.sys.Xattr;
import io.jvirtiod.fs.protocol.ByteSink;
import io.jvirtiod.fs.protocol.Name;

import java.lang.foreign.MemorySegment;

import static io.jvirtiod.fs.passthrough.InodeFds.donePath;

/**
 * Extended attributes: GETXATTR, SETXATTR, LISTXATTR and REMOVEXATTR, when the configuration allows them, with
 * every name passed through the configured {@link XattrMap}.
 */
final class Xattrs {
    private final InodeFds fds;
    private final boolean enabled;
    private final XattrMap map;

    Xattrs(InodeFds fds, boolean enabled, XattrMap map) {
        this.fds = fds;
        this.enabled = enabled;
        this.map = map;
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

    /** Maps the guest's name into {@code host}: the mapped length, or -errno if xattrs are off or it is refused. */
    private int toHost(Name name, MemorySegment host) {
        if (!enabled) return -Errno.EOPNOTSUPP;
        return map.mapClient(name.segment(), name.offset(), name.length(), host);
    }

    int getxattr(long nodeid, Name name, ByteSink out) {
        MemorySegment host = Scratch.get().xattrName;
        int mapped = toHost(name, host);
        // a refused name reads as absent, as virtiofsd's getxattr answers
        if (mapped < 0) return mapped == -Errno.EPERM ? -Errno.ENODATA : mapped;
        return (int) onXattrPath(nodeid, path -> Xattr.getxattrRaw(path, host, out.asSegment()));
    }

    int setxattr(long nodeid, Name name, MemorySegment value, long valueOffset, int valueSize, int flags) {
        MemorySegment host = Scratch.get().xattrName;
        int mapped = toHost(name, host);
        if (mapped < 0) return mapped;
        return (int) onXattrPath(nodeid,
                path -> Xattr.setxattrRaw(path, host, value.asSlice(valueOffset, valueSize), flags));
    }

    /** The host's names, filtered in place in the reply by the map; a size query answers the host's size. */
    int listxattr(long nodeid, ByteSink out) {
        int n = (int) onXattrPath(nodeid, path -> Xattr.listxattrRaw(path, out.asSegment()));
        if (n <= 0 || out.capacity() == 0) return n;
        return map.mapServerList(out.segment(), out.offset(), n);
    }

    int removexattr(long nodeid, Name name) {
        MemorySegment host = Scratch.get().xattrName;
        int mapped = toHost(name, host);
        if (mapped < 0) return mapped;
        return (int) onXattrPath(nodeid, path -> Xattr.removexattrRaw(path, host));
    }
}
