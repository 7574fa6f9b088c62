package io.jvirtiod.vhostuser;

import io.jvirtiod.binding.sys.Creds;
import io.jvirtiod.binding.sys.FcntlH;
import io.jvirtiod.binding.sys.FileAttr;
import io.jvirtiod.binding.sys.FileData;
import io.jvirtiod.binding.sys.FileHandle;
import io.jvirtiod.binding.sys.FileHandles;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.FileStat;
import io.jvirtiod.binding.sys.Flock;
import io.jvirtiod.binding.sys.LockH;
import io.jvirtiod.binding.sys.Locks;
import io.jvirtiod.binding.sys.PathOps;
import io.jvirtiod.binding.sys.Stat;
import io.jvirtiod.binding.sys.Timespec;
import io.jvirtiod.binding.sys.Xattr;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import static io.jvirtiod.binding.sys.StatH.UTIME_OMIT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The {@link Attacker} of a local process on a /dev/fuse mount: each call is one system call, made on a fresh
 * thread whose fsuid/fsgid are the caller's and which has no supplementary groups (the kernel puts the fsuid and
 * fsgid in the request, and a non-zero fsuid drops root's file capabilities, as for a real user). Paths are
 * resolved from an fd of the mount's root, so the caller needs no permission on the directories above it. A call
 * that does not return within {@link #BLOCKED} fails the attack: a request that never gets its reply.
 */
final class MountedAttacker implements Attacker {
    static final Duration BLOCKED = Duration.ofSeconds(10);

    private final Path share;
    private final Path mount;
    private final int rootFd;
    private int uid;
    private int gid;

    MountedAttacker(Path share, Path mount) {
        this.share = share;
        this.mount = mount;
        this.rootFd = FileIo.openat(FcntlH.AT_FDCWD, mount.toString(), FcntlH.O_PATH | FcntlH.O_DIRECTORY, 0);
    }

    /** Closes the fd of the mount's root (before unmounting). */
    void close() {
        FileIo.closeRaw(rootFd);
    }

    @Override
    public Attacker as(int callerUid, int callerGid) {
        uid = callerUid;
        gid = callerGid;
        return this;
    }

    @Override
    public Path share() {
        return share;
    }

    /** Runs {@code call} on a thread with the caller's credentials; its result, or a failure if it blocks. */
    private long asCaller(Callable<Long> call) {
        int u = uid;
        int g = gid;
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = Thread.ofPlatform().daemon().name("attacker-" + u).start(() -> {
            try {
                if (u != 0 || g != 0) {
                    if (Creds.setgroupsRaw(0, MemorySegment.NULL) != 0) throw new AssertionError("setgroups");
                    Creds.setfsgid(g);
                    Creds.setfsuid(u);
                }
                result.set(call.call());
            } catch (Throwable e) {
                result.set(e);
            }
        });
        try {
            if (!t.join(BLOCKED)) throw new AssertionError("the call got no answer within " + BLOCKED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (result.get() instanceof Throwable e) throw new AssertionError(e);
        return (Long) result.get();
    }

    private int asCallerInt(Callable<Long> call) {
        return (int) asCaller(call);
    }

    @Override
    public int mknod(String path, int mode, int rdev) {
        return asCallerInt(() -> {
            try (Arena a = Arena.ofConfined()) {
                return (long) PathOps.mknodatRaw(rootFd, a.allocateFrom(path), mode, rdev);
            }
        });
    }

    @Override
    public int mkdir(String path, int mode) {
        return asCallerInt(() -> {
            try (Arena a = Arena.ofConfined()) {
                return (long) PathOps.mkdiratRaw(rootFd, a.allocateFrom(path), mode);
            }
        });
    }

    @Override
    public int symlink(String target, String path) {
        return asCallerInt(() -> {
            try (Arena a = Arena.ofConfined()) {
                return (long) PathOps.symlinkatRaw(a.allocateFrom(target), rootFd, a.allocateFrom(path));
            }
        });
    }

    @Override
    public int link(String from, String to) {
        return asCallerInt(() -> {
            try (Arena a = Arena.ofConfined()) {
                return (long) PathOps.linkatRaw(rootFd, a.allocateFrom(from), rootFd, a.allocateFrom(to), 0);
            }
        });
    }

    @Override
    public int unlink(String path) {
        return asCallerInt(() -> {
            try (Arena a = Arena.ofConfined()) {
                return (long) PathOps.unlinkatRaw(rootFd, a.allocateFrom(path), 0);
            }
        });
    }

    @Override
    public long open(String path, int flags) {
        return asCaller(() -> {
            try (Arena a = Arena.ofConfined()) {
                return (long) FileIo.openatRaw(rootFd, a.allocateFrom(path), flags | FcntlH.O_CLOEXEC, 0);
            }
        });
    }

    @Override
    public long create(String path, int flags, int mode) {
        return asCaller(() -> {
            try (Arena a = Arena.ofConfined()) {
                return (long) FileIo.openatRaw(rootFd, a.allocateFrom(path),
                        flags | FcntlH.O_CREAT | FcntlH.O_CLOEXEC, mode);
            }
        });
    }

    @Override
    public long read(long handle, int size) {
        return asCaller(() -> {
            try (Arena a = Arena.ofConfined()) {
                return FileIo.preadRaw((int) handle, a.allocate(size), 0);
            }
        });
    }

    @Override
    public long write(long handle, byte[] data) {
        return asCaller(() -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment buf = a.allocate(data.length);
                MemorySegment.copy(MemorySegment.ofArray(data), 0, buf, 0, data.length);
                return FileIo.pwriteRaw((int) handle, buf, 0);
            }
        });
    }

    @Override
    public int close(long handle) {
        return asCallerInt(() -> (long) FileIo.closeRaw((int) handle));
    }

    @Override
    public int truncate(long handle, long size) {
        return asCallerInt(() -> (long) FileData.ftruncateRaw((int) handle, size));
    }

    @Override
    public int chown(String path, int newUid, int newGid) {
        return asCallerInt(() -> {
            try (Arena a = Arena.ofConfined()) {
                return (long) FileAttr.fchownatRaw(rootFd, a.allocateFrom(path), newUid, newGid,
                        FcntlH.AT_SYMLINK_NOFOLLOW);
            }
        });
    }

    @Override
    public int chmod(String path, int mode) {
        return asCallerInt(() -> {
            try (Arena a = Arena.ofConfined()) {
                return (long) FileAttr.fchmodatRaw(rootFd, a.allocateFrom(path), mode, 0);
            }
        });
    }

    @Override
    public int setMtime(String path, long seconds) {
        return asCallerInt(() -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment times = a.allocate(2 * Timespec.SIZE, 8);
                Timespec.set(times, 0, 0, UTIME_OMIT);
                Timespec.set(times, 1, seconds, 0);
                return (long) FileAttr.utimensatRaw(rootFd, a.allocateFrom(path), times, 0);
            }
        });
    }

    @Override
    public int readLockWait(long handle) {
        return asCallerInt(() -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment fl = a.allocate(Flock.SIZE, 8);
                Flock.set(fl, LockH.F_RDLCK, 0, 0, 0);
                return (long) Locks.ofdLockRaw((int) handle, LockH.F_OFD_SETLKW, fl);
            }
        });
    }

    /** The path through the mount for the path-only xattr calls (/proc/self/fd/N needs no search permission). */
    private String viaFd(String path) {
        return "/proc/self/fd/" + rootFd + "/" + path;
    }

    @Override
    public int setxattr(String path, String name, String value) {
        return asCallerInt(() -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment v = a.allocateFrom(value);
                return (long) Xattr.setxattrRaw(a.allocateFrom(viaFd(path)), a.allocateFrom(name),
                        v.asSlice(0, value.length()), 0);
            }
        });
    }

    @Override
    public long getxattr(String path, String name) {
        return asCaller(() -> {
            try (Arena a = Arena.ofConfined()) {
                return Xattr.getxattrRaw(a.allocateFrom(viaFd(path)), a.allocateFrom(name), a.allocate(4096));
            }
        });
    }

    @Override
    public List<String> listxattr(String path) {
        return AttackScene.xattrNames(Path.of(viaFd(path)));
    }

    @Override
    public int removexattr(String path, String name) {
        return asCallerInt(() -> {
            try (Arena a = Arena.ofConfined()) {
                return (long) Xattr.removexattrRaw(a.allocateFrom(viaFd(path)), a.allocateFrom(name));
            }
        });
    }

    /** {@code FILEID_INO64_GEN}, the type of the handles fs/fuse/inode.c encodes: node id (2 u32s), generation. */
    private static final int FUSE_HANDLE_TYPE = 0x81;

    @Override
    public int openByHandle(long nodeid) {
        return asCallerInt(() -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment h = a.allocate(FileHandle.OFFSET_F_HANDLE + 12, 8);
                FileHandle.handleBytes(h, 12);
                h.set(JAVA_INT, FileHandle.OFFSET_HANDLE_TYPE, FUSE_HANDLE_TYPE);
                h.set(JAVA_INT, FileHandle.OFFSET_F_HANDLE, (int) (nodeid >>> 32));
                h.set(JAVA_INT, FileHandle.OFFSET_F_HANDLE + 4, (int) nodeid);
                int mountFd = FileIo.openatRaw(rootFd, a.allocateFrom("."), FcntlH.O_RDONLY | FcntlH.O_DIRECTORY, 0);
                if (mountFd < 0) return (long) mountFd;
                int fd = FileHandles.openByHandleAtRaw(mountFd, h, FcntlH.O_RDONLY | FcntlH.O_CLOEXEC);
                FileIo.closeRaw(mountFd);
                if (fd >= 0) FileIo.closeRaw(fd);
                return (long) Math.min(fd, 0);
            }
        });
    }

    @Override
    public int stat(String path) {
        return asCallerInt(() -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment st = a.allocate(Stat.SIZE, 8);
                int r = FileStat.fstatatRaw(rootFd, a.allocateFrom(path), st, FcntlH.AT_SYMLINK_NOFOLLOW);
                return (long) (r < 0 ? r : Stat.mode(st));
            }
        });
    }

    @Override
    public ChainAttacker chain() {
        throw new UnsupportedOperationException("a process on " + mount + " cannot write FUSE requests itself");
    }
}
