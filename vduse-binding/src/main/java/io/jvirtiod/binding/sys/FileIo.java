package io.jvirtiod.binding.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.jvirtiod.binding.sys.Native.C_INT;
import static io.jvirtiod.binding.sys.Native.C_LONG;
import static io.jvirtiod.binding.sys.Native.C_OFF_T;
import static io.jvirtiod.binding.sys.Native.C_POINTER;
import static io.jvirtiod.binding.sys.Native.C_SIZE_T;

/**
 * open/openat/openat2/close and the read/write family. Each call comes twice: {@code name(...)} throws an
 * {@link ErrnoException} naming the call and errno; {@code nameRaw(...)} returns {@code -errno} instead, for
 * per-request paths where a failure is an ordinary answer (ENOENT on lookup) and must not allocate.
 * Buffers are native {@link MemorySegment}s; their size bounds the count, never the caller's word.
 */
public final class FileIo {
    private FileIo() {}

    /** x86-64 syscall number of openat2, which glibc 2.36 does not wrap. */
    public static final long SYS_OPENAT2 = 437;

    private static final MethodHandle OPEN = Native.errnoCall("open",
            FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle OPENAT = Native.errnoCall("openat",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT, C_INT), Linker.Option.firstVariadicArg(3));
    private static final MethodHandle SYSCALL4 = Native.errnoCall("syscall",
            FunctionDescriptor.of(C_LONG, C_LONG, C_INT, C_POINTER, C_POINTER, C_SIZE_T),
            Linker.Option.firstVariadicArg(1));
    private static final MethodHandle CLOSE = Native.errnoCall("close", FunctionDescriptor.of(C_INT, C_INT));
    private static final MethodHandle READ = Native.errnoCall("read",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_SIZE_T));
    private static final MethodHandle WRITE = Native.errnoCall("write",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_SIZE_T));
    private static final MethodHandle PREAD = Native.errnoCall("pread64",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_SIZE_T, C_OFF_T));
    private static final MethodHandle PWRITE = Native.errnoCall("pwrite64",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_SIZE_T, C_OFF_T));
    private static final MethodHandle READV = Native.errnoCall("readv",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_INT));
    private static final MethodHandle WRITEV = Native.errnoCall("writev",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_INT));
    private static final MethodHandle PREADV = Native.errnoCall("preadv64",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_INT, C_OFF_T));
    private static final MethodHandle PWRITEV = Native.errnoCall("pwritev64",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_INT, C_OFF_T));

    // ---- open family -------------------------------------------------------------------------------

    /** open(2) of a Java string path; not for per-request paths (it allocates the C string). */
    public static int open(String path, int flags, int mode) {
        try (Arena a = Arena.ofConfined()) {
            int r = openRaw(a.allocateFrom(path), flags, mode);
            if (r < 0) throw new ErrnoException("open(\"" + path + "\")", -r);
            return r;
        }
    }

    /** open(2) with a NUL-terminated path segment; returns the fd or -errno. */
    public static int openRaw(MemorySegment path, int flags, int mode) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) OPEN.invokeExact(cap, path, flags, mode);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** openat(2) relative to {@code dirfd}; returns the fd or -errno. */
    public static int openatRaw(int dirfd, MemorySegment path, int flags, int mode) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) OPENAT.invokeExact(cap, dirfd, path, flags, mode);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    public static int openat(int dirfd, String path, int flags, int mode) {
        try (Arena a = Arena.ofConfined()) {
            int r = openatRaw(dirfd, a.allocateFrom(path), flags, mode);
            if (r < 0) throw new ErrnoException("openat(" + dirfd + ", \"" + path + "\")", -r);
            return r;
        }
    }

    /**
     * openat2(2) with a caller-filled {@link OpenHow} segment; returns the fd or -errno. This is how paths
     * are confined: RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS make the kernel refuse any escape from dirfd.
     */
    public static int openat2Raw(int dirfd, MemorySegment path, MemorySegment how) {
        MemorySegment cap = Native.capture();
        try {
            long r = (long) SYSCALL4.invokeExact(cap, SYS_OPENAT2, dirfd, path, how, OpenHow.LAYOUT.byteSize());
            return r < 0 ? -Native.errno(cap) : (int) r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    public static int openat2(int dirfd, String path, long flags, long mode, long resolve) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment how = a.allocate(OpenHow.LAYOUT);
            OpenHow.set(how, flags, mode, resolve);
            int r = openat2Raw(dirfd, a.allocateFrom(path), how);
            if (r < 0) throw new ErrnoException("openat2(" + dirfd + ", \"" + path + "\")", -r);
            return r;
        }
    }

    /** close(2); returns 0 or -errno. */
    public static int closeRaw(int fd) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) CLOSE.invokeExact(cap, fd);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    public static void close(int fd) {
        int r = closeRaw(fd);
        if (r < 0) throw new ErrnoException("close(" + fd + ")", -r);
    }

    // ---- read/write family -------------------------------------------------------------------------

    /** read(2) into the whole of {@code buf}; returns bytes read or -errno. */
    public static long readRaw(int fd, MemorySegment buf) {
        MemorySegment cap = Native.capture();
        try {
            long r = (long) READ.invokeExact(cap, fd, buf, buf.byteSize());
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    public static long read(int fd, MemorySegment buf) {
        long r = readRaw(fd, buf);
        if (r < 0) throw new ErrnoException("read(" + fd + ", " + buf.byteSize() + ")", (int) -r);
        return r;
    }

    /** write(2) of the whole of {@code buf}; returns bytes written or -errno. */
    public static long writeRaw(int fd, MemorySegment buf) {
        MemorySegment cap = Native.capture();
        try {
            long r = (long) WRITE.invokeExact(cap, fd, buf, buf.byteSize());
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    public static long write(int fd, MemorySegment buf) {
        long r = writeRaw(fd, buf);
        if (r < 0) throw new ErrnoException("write(" + fd + ", " + buf.byteSize() + ")", (int) -r);
        return r;
    }

    /** pread(2) into the whole of {@code buf} at {@code offset}; returns bytes read or -errno. */
    public static long preadRaw(int fd, MemorySegment buf, long offset) {
        MemorySegment cap = Native.capture();
        try {
            long r = (long) PREAD.invokeExact(cap, fd, buf, buf.byteSize(), offset);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    public static long pread(int fd, MemorySegment buf, long offset) {
        long r = preadRaw(fd, buf, offset);
        if (r < 0) throw new ErrnoException("pread(" + fd + ", " + buf.byteSize() + ", " + offset + ")", (int) -r);
        return r;
    }

    /** pwrite(2) of the whole of {@code buf} at {@code offset}; returns bytes written or -errno. */
    public static long pwriteRaw(int fd, MemorySegment buf, long offset) {
        MemorySegment cap = Native.capture();
        try {
            long r = (long) PWRITE.invokeExact(cap, fd, buf, buf.byteSize(), offset);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    public static long pwrite(int fd, MemorySegment buf, long offset) {
        long r = pwriteRaw(fd, buf, offset);
        if (r < 0) throw new ErrnoException("pwrite(" + fd + ", " + buf.byteSize() + ", " + offset + ")", (int) -r);
        return r;
    }

    /**
     * readv(2) over {@code count} {@link Iovec} entries at {@code iov}; returns bytes or -errno.
     * The iovec array must lie within {@code iov} (checked), so a bad count cannot make the kernel read past it.
     */
    public static long readvRaw(int fd, MemorySegment iov, int count) {
        Iovec.checkArray(iov, count);
        MemorySegment cap = Native.capture();
        try {
            long r = (long) READV.invokeExact(cap, fd, iov, count);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** writev(2) over {@code count} {@link Iovec} entries; returns bytes or -errno. */
    public static long writevRaw(int fd, MemorySegment iov, int count) {
        Iovec.checkArray(iov, count);
        MemorySegment cap = Native.capture();
        try {
            long r = (long) WRITEV.invokeExact(cap, fd, iov, count);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** preadv(2): scatter read at {@code offset}; returns bytes or -errno. */
    public static long preadvRaw(int fd, MemorySegment iov, int count, long offset) {
        Iovec.checkArray(iov, count);
        MemorySegment cap = Native.capture();
        try {
            long r = (long) PREADV.invokeExact(cap, fd, iov, count, offset);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** pwritev(2): gather write at {@code offset}; returns bytes or -errno. */
    public static long pwritevRaw(int fd, MemorySegment iov, int count, long offset) {
        Iovec.checkArray(iov, count);
        MemorySegment cap = Native.capture();
        try {
            long r = (long) PWRITEV.invokeExact(cap, fd, iov, count, offset);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    public static long readv(int fd, MemorySegment iov, int count) {
        long r = readvRaw(fd, iov, count);
        if (r < 0) throw new ErrnoException("readv(" + fd + ", " + count + " iovecs)", (int) -r);
        return r;
    }

    public static long writev(int fd, MemorySegment iov, int count) {
        long r = writevRaw(fd, iov, count);
        if (r < 0) throw new ErrnoException("writev(" + fd + ", " + count + " iovecs)", (int) -r);
        return r;
    }
}
