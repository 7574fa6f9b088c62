package io.jvirtiod.binding.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.jvirtiod.binding.sys.Native.C_INT;
import static io.jvirtiod.binding.sys.Native.C_POINTER;
import static io.jvirtiod.binding.sys.Native.C_UINT;

/**
 * The attribute setters behind FUSE SETATTR: fchmod/fchmodat, fchown/fchownat and utimensat/futimens (times as a
 * two-element {@link Timespec} array, atime then mtime, where tv_nsec may be UTIME_NOW or UTIME_OMIT).
 */
public final class FileAttr {
    private FileAttr() {}

    private static final MethodHandle FCHMOD = Native.errnoCall("fchmod", FunctionDescriptor.of(C_INT, C_INT, C_UINT));
    private static final MethodHandle FCHMODAT = Native.errnoCall("fchmodat",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_UINT, C_INT));
    private static final MethodHandle FCHOWN = Native.errnoCall("fchown",
            FunctionDescriptor.of(C_INT, C_INT, C_UINT, C_UINT));
    private static final MethodHandle FCHOWNAT = Native.errnoCall("fchownat",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_UINT, C_UINT, C_INT));
    private static final MethodHandle UTIMENSAT = Native.errnoCall("utimensat",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER, C_INT));
    private static final MethodHandle FUTIMENS = Native.errnoCall("futimens",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER));

    /** fchmod(2); returns 0 or -errno (EBADF on an O_PATH fd: use fchmodat on /proc/self/fd then). */
    public static int fchmodRaw(int fd, int mode) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) FCHMOD.invokeExact(cap, fd, mode);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** fchmodat(2); glibc supports only flags 0 here. Returns 0 or -errno. */
    public static int fchmodatRaw(int dirfd, MemorySegment path, int mode, int flags) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) FCHMODAT.invokeExact(cap, dirfd, path, mode, flags);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** fchown(2); -1 for uid or gid leaves it unchanged. Returns 0 or -errno. */
    public static int fchownRaw(int fd, int uid, int gid) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) FCHOWN.invokeExact(cap, fd, uid, gid);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** fchownat(2) (AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW work on O_PATH fds). Returns 0 or -errno. */
    public static int fchownatRaw(int dirfd, MemorySegment path, int uid, int gid, int flags) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) FCHOWNAT.invokeExact(cap, dirfd, path, uid, gid, flags);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** utimensat(2) with {@code times} a 2-element {@link Timespec} array or NULL; returns 0 or -errno. */
    public static int utimensatRaw(int dirfd, MemorySegment path, MemorySegment times, int flags) {
        if (!times.equals(MemorySegment.NULL) && times.byteSize() < 2 * Timespec.SIZE) {
            throw new IllegalArgumentException("utimensat needs two timespecs, got " + times.byteSize() + " bytes");
        }
        MemorySegment cap = Native.capture();
        try {
            int r = (int) UTIMENSAT.invokeExact(cap, dirfd, path, times, flags);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** futimens(2) with a 2-element {@link Timespec} array; returns 0 or -errno. */
    public static int futimensRaw(int fd, MemorySegment times) {
        if (times.byteSize() < 2 * Timespec.SIZE) {
            throw new IllegalArgumentException("futimens needs two timespecs, got " + times.byteSize() + " bytes");
        }
        MemorySegment cap = Native.capture();
        try {
            int r = (int) FUTIMENS.invokeExact(cap, fd, times);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    public static void fchmod(int fd, int mode) {
        int r = fchmodRaw(fd, mode);
        if (r < 0) throw new ErrnoException("fchmod(" + fd + ", 0" + Integer.toOctalString(mode) + ")", -r);
    }

    public static void fchown(int fd, int uid, int gid) {
        int r = fchownRaw(fd, uid, gid);
        if (r < 0) throw new ErrnoException("fchown(" + fd + ", " + uid + ", " + gid + ")", -r);
    }

    public static void futimens(int fd, MemorySegment times) {
        int r = futimensRaw(fd, times);
        if (r < 0) throw new ErrnoException("futimens(" + fd + ")", -r);
    }
}
