package io.jvirtiod.binding.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.jvirtiod.binding.sys.Native.C_INT;
import static io.jvirtiod.binding.sys.Native.C_LONG;
import static io.jvirtiod.binding.sys.Native.C_POINTER;
import static io.jvirtiod.binding.sys.Native.C_SIZE_T;
import static io.jvirtiod.binding.sys.Native.C_UINT;

/**
 * Per-thread credentials. A file server creates files as the requesting user by switching the calling thread's
 * fsuid/fsgid around the create. glibc's setfsuid/setresuid wrappers broadcast to every thread of the process
 * (POSIX semantics); the raw system calls made here change only the calling thread, as virtiofsd does. The
 * supplementary groups have both: a per-thread call to set them around one create, and glibc's broadcast to
 * drop them from every thread at start.
 */
public final class Creds {
    private Creds() {}

    /** x86-64 system call numbers (asm/unistd_64.h). */
    public static final long SYS_GETGROUPS = 115;
    public static final long SYS_SETGROUPS = 116;
    public static final long SYS_SETRESUID = 117;
    public static final long SYS_SETRESGID = 119;
    public static final long SYS_SETFSUID = 122;
    public static final long SYS_SETFSGID = 123;
    public static final long SYS_GETTID = 186;

    private static final MethodHandle SYSCALL1 = Native.errnoCall("syscall",
            FunctionDescriptor.of(C_LONG, C_LONG, C_INT), Linker.Option.firstVariadicArg(1));
    private static final MethodHandle SYSCALL3 = Native.errnoCall("syscall",
            FunctionDescriptor.of(C_LONG, C_LONG, C_INT, C_INT, C_INT), Linker.Option.firstVariadicArg(1));
    private static final MethodHandle SYSCALL_PTR = Native.errnoCall("syscall",
            FunctionDescriptor.of(C_LONG, C_LONG, C_INT, C_POINTER), Linker.Option.firstVariadicArg(1));
    private static final MethodHandle SETGROUPS = Native.errnoCall("setgroups",
            FunctionDescriptor.of(C_INT, C_SIZE_T, C_POINTER));
    private static final MethodHandle UMASK = Native.plainCall("umask", FunctionDescriptor.of(C_UINT, C_UINT));
    private static final MethodHandle GETEUID = Native.plainCall("geteuid", FunctionDescriptor.of(C_UINT));

    private static long syscall1(long nr, int a) {
        MemorySegment cap = Native.capture();
        try {
            long r = (long) SYSCALL1.invokeExact(cap, nr, a);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    private static long syscall3(long nr, int a, int b, int c) {
        MemorySegment cap = Native.capture();
        try {
            long r = (long) SYSCALL3.invokeExact(cap, nr, a, b, c);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /**
     * setfsuid(2) for this thread only. Returns the previous fsuid; the call cannot report failure, so callers
     * check with {@code setfsuid(-1)} (which changes nothing and returns the current value).
     */
    public static int setfsuid(int uid) {
        return (int) syscall1(SYS_SETFSUID, uid);
    }

    /** setfsgid(2) for this thread only; returns the previous fsgid. */
    public static int setfsgid(int gid) {
        return (int) syscall1(SYS_SETFSGID, gid);
    }

    /** setresuid(2) for this thread only; -1 leaves an id unchanged. Returns 0 or -errno. */
    public static int setresuidRaw(int ruid, int euid, int suid) {
        return (int) syscall3(SYS_SETRESUID, ruid, euid, suid);
    }

    /** setresgid(2) for this thread only; returns 0 or -errno. */
    public static int setresgidRaw(int rgid, int egid, int sgid) {
        return (int) syscall3(SYS_SETRESGID, rgid, egid, sgid);
    }

    /**
     * getgroups(2) of this thread: up to {@code size} gids into {@code gids}; with size 0 only counts them
     * ({@code gids} may then be NULL). Returns the number of supplementary groups, or -errno.
     */
    public static int getgroupsRaw(int size, MemorySegment gids) {
        MemorySegment cap = Native.capture();
        try {
            long r = (long) SYSCALL_PTR.invokeExact(cap, SYS_GETGROUPS, size, gids);
            return r < 0 ? -Native.errno(cap) : (int) r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /**
     * setgroups(2) for this thread only (the raw system call): {@code count} gids from {@code gids} become its
     * supplementary groups, 0 drops them all ({@code gids} may then be NULL). Returns 0 or -errno (EPERM without
     * CAP_SETGID, EINVAL above NGROUPS_MAX).
     */
    public static int setgroupsRaw(int count, MemorySegment gids) {
        MemorySegment cap = Native.capture();
        try {
            long r = (long) SYSCALL_PTR.invokeExact(cap, SYS_SETGROUPS, count, gids);
            return r < 0 ? -Native.errno(cap) : 0;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /**
     * glibc's setgroups(3) for every thread of the process: glibc broadcasts the change to all its threads, and
     * threads created afterwards inherit it from their creator. Returns 0 or -errno.
     */
    public static int setgroupsAllThreadsRaw(int count, MemorySegment gids) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) SETGROUPS.invokeExact(cap, (long) count, gids);
            return r < 0 ? -Native.errno(cap) : 0;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** umask(2) of the process (not per thread); returns the previous mask. */
    public static int umask(int mask) {
        try {
            return (int) UMASK.invokeExact(mask);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    public static int geteuid() {
        try {
            return (int) GETEUID.invokeExact();
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }
}
