package io.jvirtiod.binding.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.jvirtiod.binding.sys.Native.C_INT;
import static io.jvirtiod.binding.sys.Native.C_POINTER;
import static io.jvirtiod.binding.sys.Native.C_UINT;

/**
 * fstatat(2) (newfstatat), fstat(2), statx(2) and fstatfs(2): the attribute queries behind FUSE
 * GETATTR/LOOKUP/STATX/STATFS. The buffers are caller-owned {@link Stat}/{@link Statx}/{@link Statfs} segments,
 * checked for size so the kernel never writes past them.
 */
public final class FileStat {
    private FileStat() {}

    private static final MethodHandle FSTATAT = Native.errnoCall("fstatat64",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER, C_INT));
    private static final MethodHandle FSTAT = Native.errnoCall("fstat64",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER));
    private static final MethodHandle STATX = Native.errnoCall("statx",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT, C_UINT, C_POINTER));
    private static final MethodHandle FSTATFS = Native.errnoCall("fstatfs64",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER));

    /** The empty C string, for AT_EMPTY_PATH calls on an fd. */
    public static final MemorySegment EMPTY_PATH = Arena.global().allocateFrom("");

    private static void check(MemorySegment buf, long size, String what) {
        if (buf.byteSize() < size) {
            throw new IllegalArgumentException(what + " buffer of " + buf.byteSize() + " bytes, needs " + size);
        }
    }

    /** fstatat(2) into a {@link Stat} buffer; returns 0 or -errno. */
    public static int fstatatRaw(int dirfd, MemorySegment path, MemorySegment stat, int flags) {
        check(stat, Stat.SIZE, "struct stat");
        MemorySegment cap = Native.capture();
        try {
            int r = (int) FSTATAT.invokeExact(cap, dirfd, path, stat, flags);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    public static void fstatat(int dirfd, String path, MemorySegment stat, int flags) {
        try (Arena a = Arena.ofConfined()) {
            int r = fstatatRaw(dirfd, a.allocateFrom(path), stat, flags);
            if (r < 0) throw new ErrnoException("fstatat(" + dirfd + ", \"" + path + "\")", -r);
        }
    }

    /** fstat(2) into a {@link Stat} buffer; returns 0 or -errno. Works on O_PATH fds. */
    public static int fstatRaw(int fd, MemorySegment stat) {
        check(stat, Stat.SIZE, "struct stat");
        MemorySegment cap = Native.capture();
        try {
            int r = (int) FSTAT.invokeExact(cap, fd, stat);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    public static void fstat(int fd, MemorySegment stat) {
        int r = fstatRaw(fd, stat);
        if (r < 0) throw new ErrnoException("fstat(" + fd + ")", -r);
    }

    /** statx(2) into a {@link Statx} buffer; returns 0 or -errno. */
    public static int statxRaw(int dirfd, MemorySegment path, int flags, int mask, MemorySegment statx) {
        check(statx, Statx.SIZE, "struct statx");
        MemorySegment cap = Native.capture();
        try {
            int r = (int) STATX.invokeExact(cap, dirfd, path, flags, mask, statx);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    public static void statx(int dirfd, String path, int flags, int mask, MemorySegment statx) {
        try (Arena a = Arena.ofConfined()) {
            int r = statxRaw(dirfd, a.allocateFrom(path), flags, mask, statx);
            if (r < 0) throw new ErrnoException("statx(" + dirfd + ", \"" + path + "\")", -r);
        }
    }

    /** fstatfs(2) into a {@link Statfs} buffer; returns 0 or -errno. */
    public static int fstatfsRaw(int fd, MemorySegment statfs) {
        check(statfs, Statfs.SIZE, "struct statfs");
        MemorySegment cap = Native.capture();
        try {
            int r = (int) FSTATFS.invokeExact(cap, fd, statfs);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    public static void fstatfs(int fd, MemorySegment statfs) {
        int r = fstatfsRaw(fd, statfs);
        if (r < 0) throw new ErrnoException("fstatfs(" + fd + ")", -r);
    }
}
