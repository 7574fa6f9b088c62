package io.jvirtiod.binding.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.jvirtiod.binding.sys.Native.C_INT;
import static io.jvirtiod.binding.sys.Native.C_UINT;

/**
 * File descriptor housekeeping: dup(2), fcntl(F_GETFL/F_SETFL/F_GETFD), close_range(2), and the
 * {@code /proc/self/fd/N} path of an fd ({@link #procFdPath}).
 */
public final class Fds {
    private Fds() {}

    public static final java.util.List<String> C_INCLUDES = java.util.List.of("linux/close_range.h");

    /** close_range(2) flag: mark close-on-exec instead of closing. */
    public static final int CLOSE_RANGE_CLOEXEC = 1 << 2;

    private static final MethodHandle DUP = Native.errnoCall("dup", FunctionDescriptor.of(C_INT, C_INT));
    private static final MethodHandle FCNTL_INT = Native.errnoCall("fcntl",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE_RANGE = Native.errnoCall("close_range",
            FunctionDescriptor.of(C_INT, C_UINT, C_UINT, C_INT));

    /** dup(2); returns the new fd or -errno. */
    public static int dupRaw(int fd) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) DUP.invokeExact(cap, fd);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** fcntl(2) with an int argument (F_GETFL, F_SETFL, F_GETFD, F_SETFD); returns the result or -errno. */
    public static int fcntlRaw(int fd, int cmd, int arg) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) FCNTL_INT.invokeExact(cap, fd, cmd, arg);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** close_range(2) of fds first..last inclusive; returns 0 or -errno. */
    public static int closeRangeRaw(int first, int last, int flags) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) CLOSE_RANGE.invokeExact(cap, first, last, flags);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /**
     * Writes the NUL-terminated "/proc/self/fd/N" into {@code buf} (at least 32 bytes) and returns it sliced.
     * The path calls that follow this magic link reach exactly the inode behind fd N, so it reopens or changes
     * what an O_PATH fd holds (open, link, chmod, utimens, xattrs) where the fd calls refuse O_PATH fds.
     */
    public static MemorySegment procFdPath(MemorySegment buf, int fd) {
        byte[] p = ("/proc/self/fd/" + fd).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (buf.byteSize() < p.length + 1) throw new IllegalArgumentException("path buffer too small for " + fd);
        MemorySegment.copy(p, 0, buf, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, p.length);
        buf.set(java.lang.foreign.ValueLayout.JAVA_BYTE, p.length, (byte) 0);
        return buf.asSlice(0, p.length + 1);
    }

    public static int dup(int fd) {
        int r = dupRaw(fd);
        if (r < 0) throw new ErrnoException("dup(" + fd + ")", -r);
        return r;
    }
}
