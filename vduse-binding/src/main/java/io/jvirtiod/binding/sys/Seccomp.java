package io.jvirtiod.binding.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.jvirtiod.binding.sys.Native.C_INT;
import static io.jvirtiod.binding.sys.Native.C_LONG;
import static io.jvirtiod.binding.sys.Native.C_POINTER;

/**
 * seccomp(2) and the prctl(2) options around it: no_new_privs, which a filter needs, and the calling thread's
 * seccomp mode. glibc has no seccomp wrapper before 2.36 or so, so the raw system call is made. Returns are
 * the kernel's: a value, or -errno.
 */
public final class Seccomp {
    private Seccomp() {}

    /** x86-64 system call number of seccomp(2) (asm/unistd_64.h). */
    public static final long SYS_SECCOMP = 317;

    private static final MethodHandle SYSCALL_SECCOMP = Native.errnoCall("syscall",
            FunctionDescriptor.of(C_LONG, C_LONG, C_INT, C_LONG, C_POINTER), Linker.Option.firstVariadicArg(1));
    private static final MethodHandle PRCTL = Native.errnoCall("prctl",
            FunctionDescriptor.of(C_INT, C_INT, C_LONG, C_LONG, C_LONG, C_LONG), Linker.Option.firstVariadicArg(1));

    /**
     * seccomp({@code operation}, {@code flags}, {@code args}). With SECCOMP_SET_MODE_FILTER and
     * SECCOMP_FILTER_FLAG_TSYNC it returns 0 when every thread got the filter, the (positive) id of a thread that
     * could not take it, or -errno.
     */
    public static long seccompRaw(int operation, long flags, MemorySegment args) {
        MemorySegment cap = Native.capture();
        try {
            long r = (long) SYSCALL_SECCOMP.invokeExact(cap, SYS_SECCOMP, operation, flags, args);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** prctl(option, a2, a3, a4, a5); returns its value (0 for a setter) or -errno. */
    public static int prctlRaw(int option, long a2, long a3, long a4, long a5) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) PRCTL.invokeExact(cap, option, a2, a3, a4, a5);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** Whether the calling thread (and so whatever it execs) can gain no privileges: PR_GET_NO_NEW_PRIVS. */
    public static boolean noNewPrivs() {
        int r = prctlRaw(SeccompH.PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
        if (r < 0) throw new ErrnoException("prctl(PR_GET_NO_NEW_PRIVS)", -r);
        return r == 1;
    }

    /** Sets no_new_privs for the calling thread (threads created later inherit it); it cannot be unset. */
    public static void setNoNewPrivs() {
        int r = prctlRaw(SeccompH.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
        if (r < 0) throw new ErrnoException("prctl(PR_SET_NO_NEW_PRIVS, 1)", -r);
    }

    /** The calling thread's seccomp mode: 0 none, 1 strict, 2 filter (PR_GET_SECCOMP). */
    public static int mode() {
        int r = prctlRaw(SeccompH.PR_GET_SECCOMP, 0, 0, 0, 0);
        if (r < 0) throw new ErrnoException("prctl(PR_GET_SECCOMP)", -r);
        return r;
    }
}
