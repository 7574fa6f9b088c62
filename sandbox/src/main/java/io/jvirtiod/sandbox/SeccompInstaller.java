package io.jvirtiod.sandbox;

import io.jvirtiod.binding.sys.ErrnoException;
import io.jvirtiod.binding.sys.Seccomp;
import io.jvirtiod.binding.sys.SeccompH;
import io.jvirtiod.binding.sys.SockFprog;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Installs the daemon's seccomp filter on every thread of the JVM at once. The JVM is multi-threaded long before
 * the daemon's first line runs (GC, JIT, signal dispatcher), so a filter on the calling thread alone would leave
 * the others free: SECCOMP_FILTER_FLAG_TSYNC makes the kernel apply it to all threads or to none, and threads
 * created later inherit it. no_new_privs is set first (needed without CAP_SYS_ADMIN; set anyway, as the sandbox
 * stage sets it: nothing the daemon could exec would gain privileges).
 */
public final class SeccompInstaller {
    private SeccompInstaller() {}

    /**
     * Installs the filter allowing {@code allowed} with {@code mode}'s action for the rest, on every thread; does
     * nothing for {@link SeccompMode#NONE}. Throws if the kernel refuses it or a thread could not take it. Returns
     * the line to log, naming the mode and how many system calls are allowed.
     */
    public static String install(SeccompMode mode, List<AllowedSyscall> allowed) {
        String said = said(mode, allowed.size());
        if (mode == SeccompMode.NONE) return said;
        JdkPreload.beforeTheFilter();
        if (!Seccomp.noNewPrivs()) Seccomp.setNoNewPrivs();
        try (Arena arena = Arena.ofConfined()) {
            BpfProgram program = SeccompFilter.compile(allowed, mode.action(), arena);
            MemorySegment prog = arena.allocate(SockFprog.LAYOUT);
            SockFprog.set(prog, program.instructions(), program.length());
            long r = Seccomp.seccompRaw(SeccompH.SECCOMP_SET_MODE_FILTER, SeccompH.SECCOMP_FILTER_FLAG_TSYNC, prog);
            if (r < 0) throw new ErrnoException("seccomp(SECCOMP_SET_MODE_FILTER, TSYNC)", (int) -r);
            if (r > 0) {
                throw new IllegalStateException("seccomp(SECCOMP_SET_MODE_FILTER, TSYNC): thread " + r
                        + " could not take the filter (it has another one), so no thread has it");
            }
        }
        return said;
    }

    /**
     * The line to log, made before the filter is on: nothing after it may need a call the filter refuses (loading
     * a class from a directory, say, which a test's class path has).
     */
    private static String said(SeccompMode mode, int allowed) {
        return switch (mode) {
            case NONE -> "seccomp none: no system call filter";
            case KILL -> "seccomp kill: " + allowed + " system calls allowed on every thread, any other kills the "
                    + "daemon";
            case LOG -> "seccomp log: " + allowed + " system calls allowed on every thread, any other is logged to "
                    + "the audit log and made";
            case TRAP -> "seccomp trap: " + allowed + " system calls allowed on every thread, any other raises SIGSYS";
        };
    }
}
