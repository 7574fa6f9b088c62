package io.jvirtiod.binding.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.jvirtiod.binding.sys.Native.C_INT;
import static io.jvirtiod.binding.sys.Native.C_POINTER;
import static io.jvirtiod.binding.sys.Native.C_UINT;

/**
 * memfd_create(2), ftruncate(2) and fcntl(2) seals: anonymous files that can be mmap'd shared, passed to another
 * process over a UNIX socket and resized. Not on a per-request path (creation allocates the name).
 */
public final class MemFd {
    private MemFd() {}

    private static final MethodHandle MEMFD_CREATE = Native.errnoCall("memfd_create",
            FunctionDescriptor.of(C_INT, C_POINTER, C_UINT));

    /** memfd_create(name, flags) with a NUL-terminated name segment; returns the fd or -errno. */
    public static int createRaw(MemorySegment name, int flags) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) MEMFD_CREATE.invokeExact(cap, name, flags);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** memfd_create; {@code name} (at most 249 bytes) only labels the file in /proc/PID/fd. */
    public static int create(String name, int flags) {
        try (Arena a = Arena.ofConfined()) {
            int r = createRaw(a.allocateFrom(name), flags);
            if (r < 0) throw new ErrnoException("memfd_create(\"" + name + "\", " + flags + ")", -r);
            return r;
        }
    }

    /** ftruncate(fd, length); returns 0 or -errno (the one binding lives in {@link FileData}). */
    public static int ftruncateRaw(int fd, long length) {
        return FileData.ftruncateRaw(fd, length);
    }

    public static void ftruncate(int fd, long length) {
        FileData.ftruncate(fd, length);
    }

    private static int fcntlRaw(int fd, int cmd, int arg) {
        return Fds.fcntlRaw(fd, cmd, arg);
    }

    /** Adds F_SEAL_* seals (the memfd must have been created with MFD_ALLOW_SEALING). */
    public static void addSeals(int fd, int seals) {
        int r = fcntlRaw(fd, MemFdH.F_ADD_SEALS, seals);
        if (r < 0) throw new ErrnoException("fcntl(" + fd + ", F_ADD_SEALS, " + seals + ")", -r);
    }

    /** The F_SEAL_* seals in force. */
    public static int seals(int fd) {
        int r = fcntlRaw(fd, MemFdH.F_GET_SEALS, 0);
        if (r < 0) throw new ErrnoException("fcntl(" + fd + ", F_GET_SEALS)", -r);
        return r;
    }
}
