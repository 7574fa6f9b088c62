package io.jvirtiod.binding.sys;

/**
 * A failed system call, naming both the call and the errno, e.g. {@code openat2("etc/passwd"): ELOOP}.
 * Callers that must map the failure onto a protocol (a FUSE error reply, a virtio status) read {@link #errno()}.
 */
public final class ErrnoException extends RuntimeException {
    private final int errno;
    private final String call;

    public ErrnoException(String call, int errno) {
        super(call + ": " + Errno.name(errno) + " (" + Strerror.describe(errno) + ")");
        this.errno = errno;
        this.call = call;
    }

    /** The positive errno value. */
    public int errno() {
        return errno;
    }

    /** The symbolic errno name, e.g. "EBUSY". */
    public String errnoName() {
        return Errno.name(errno);
    }

    /** The call that failed, with the arguments that identify it. */
    public String call() {
        return call;
    }

    /** Returns {@code result} when it is not negative, otherwise throws for {@code -result} as an errno. */
    public static long check(long result, String call) {
        if (result < 0) {
            throw new ErrnoException(call, (int) -result);
        }
        return result;
    }
}
