package io.jvirtiod.sandbox;

import io.jvirtiod.binding.sys.SeccompH;

import java.util.Locale;

/**
 * What happens to a system call outside the allowlist, spelled as virtiofsd's {@code --seccomp}: the daemon is
 * killed (the default for a daemon that serves a guest), the call is logged to the audit log and made, the
 * calling thread gets SIGSYS, or no filter is installed at all.
 */
public enum SeccompMode {
    /** SECCOMP_RET_KILL_PROCESS: every thread dies at once, as by SIGSYS (exit status 159), so none half-serves. */
    KILL(SeccompH.SECCOMP_RET_KILL_PROCESS),
    /** SECCOMP_RET_LOG: the call is made and logged (kernel audit, "type=SECCOMP"), to find a missing entry. */
    LOG(SeccompH.SECCOMP_RET_LOG),
    /**
     * SECCOMP_RET_TRAP: the call is not made and the thread gets SIGSYS; the JVM installs no handler for it, so the
     * process dies of it (exit status 159) unless the code registered one.
     */
    TRAP(SeccompH.SECCOMP_RET_TRAP),
    /** No filter. */
    NONE(SeccompH.SECCOMP_RET_ALLOW);

    private final int action;

    SeccompMode(int action) {
        this.action = action;
    }

    /** As virtiofsd spells it on its command line (and help shows the default): kill, log, trap, none. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The filter's return value for a call outside the allowlist (or of another architecture). */
    public int action() {
        return action;
    }
}
