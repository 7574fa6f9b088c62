package io.jvirtiod.fs.fuse;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * When a /dev/fuse worker, having answered a request, keeps reading without sleeping, and for how long.
 *
 * <p>Why: a process that makes one file system call after another (a create is a LOOKUP, a CREATE and a GETATTR of
 * the parent, each waiting for its answer) sends its next request a few microseconds after the last answer. A
 * worker asleep in read(2) must then be woken on the other CPU, which on a virtual machine is an IPI to a halted
 * vCPU, and that wake-up is a large part of a round trip. A worker that is still reading (a non-blocking clone
 * of the session fd) takes the request at once. QEMU's iothreads poll for the same reason ({@code poll-max-ns}),
 * and this class follows their adaptive rule (util/aio-posix.c {@code adjust_polling_time}): the window starts at
 * 0, and after each sleep whose gap to the next request was shorter than the maximum it doubles (from 4 us) up to
 * that maximum. A gap longer than the maximum, where polling would only have burnt the CPU, resets it to 0. So
 * sparse requests cost no polling, and a burst of dependent requests is polled for.
 *
 * <p>At most one worker polls at a time (it holds the token), so polling never takes more than one CPU. The
 * others sleep in read(2) as before and serve requests that arrive while the poller is busy.
 */
final class AdaptivePoll {
    /** The first window after a reset (QEMU's: "start polling at 4 microseconds"). */
    static final long FIRST_WINDOW_NS = 4_000;

    private final long maxNs;
    private final AtomicBoolean token = new AtomicBoolean();
    /** The current window; written by whoever adjusts it, read by the poller. */
    private volatile long windowNs;
    /** A worker went to sleep without a poll catching the next request: the next blocking read measures the gap. */
    private final AtomicBoolean slept = new AtomicBoolean();
    /** When the last request was answered (System.nanoTime). */
    private volatile long lastAnswered;

    /** @param maxNs the longest window; 0 turns polling off */
    AdaptivePoll(long maxNs) {
        if (maxNs < 0) throw new IllegalArgumentException("poll maximum " + maxNs + " ns is negative");
        this.maxNs = maxNs;
    }

    boolean enabled() {
        return maxNs > 0;
    }

    long maxNs() {
        return maxNs;
    }

    long windowNs() {
        return windowNs;
    }

    /**
     * A worker answered a request at {@code now}: true if it now holds the token and should poll for
     * {@link #windowNs()}; false if it should sleep in read(2). {@code polling}: it held the token already (it
     * read the request while polling) and keeps it. Every answer counts, the poller's too: the gap a later wake
     * measures is from the last answer.
     */
    boolean answered(long now, boolean polling) {
        lastAnswered = now;
        if (polling) return true;
        if (windowNs > 0 && token.compareAndSet(false, true)) return true;
        slept.set(true);
        return false;
    }

    /**
     * The poller's window ran out without a request: it gives the token back and sleeps. (A request caught
     * within the window changes nothing: that is QEMU's "sweet spot".)
     */
    void expired() {
        slept.set(true);
        token.set(false);
    }

    /** A worker got a request from a blocking read at {@code now}: the gap since the last answer adjusts the window. */
    void woke(long now) {
        if (!slept.get() || !slept.compareAndSet(true, false)) return;
        adjust(now - lastAnswered);
    }

    /** QEMU's adjust_polling_time with poll-grow 2 and poll-shrink 0. */
    private void adjust(long gapNs) {
        long w = windowNs;
        if (gapNs <= w) return;
        if (gapNs > maxNs) {
            windowNs = 0;
        } else if (w < maxNs) {
            windowNs = Math.min(maxNs, w == 0 ? FIRST_WINDOW_NS : w * 2);
        }
    }
}
