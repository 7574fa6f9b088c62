package io.jvirtiod.fs.fuse;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The polling window follows QEMU's adjust_polling_time, and only one worker polls at a time. */
class AdaptivePollTest {
    static final long MAX = 32_768;
    static final long US = 1_000;

    /**
     * A worker answers at {@code t} without polling (or its window runs out) and the next request wakes one at
     * t + gap.
     */
    static void sleepThenWake(AdaptivePoll p, long t, long gap) {
        if (p.answered(t, false)) p.expired();
        p.woke(t + gap);
    }

    @Test
    void theWindowStartsClosedAndNoWorkerPolls() {
        AdaptivePoll p = new AdaptivePoll(MAX);
        assertEquals(0, p.windowNs());
        assertFalse(p.answered(0, false), "no window yet: the worker sleeps");
    }

    @Test
    void shortGapsOpenTheWindowFrom4UsDoublingUpToTheMaximum() {
        AdaptivePoll p = new AdaptivePoll(MAX);
        long[] expected = {4_000, 8_000, 16_000, 32_000, MAX, MAX};
        long t = 0;
        for (long w : expected) {
            // each gap is longer than the window then in force (the poll missed) but within the maximum
            sleepThenWake(p, t, Math.min(MAX, p.windowNs() + US));
            assertEquals(w, p.windowNs());
            t += 100 * US;
        }
    }

    @Test
    void aGapLongerThanTheMaximumClosesTheWindow() {
        AdaptivePoll p = new AdaptivePoll(MAX);
        for (int i = 0; i < 5; i++) sleepThenWake(p, i * 100 * US, MAX);
        assertEquals(MAX, p.windowNs());
        sleepThenWake(p, 1_000 * US, MAX + 1);
        assertEquals(0, p.windowNs(), "polling that long would only have burnt the CPU");
    }

    @Test
    void aGapWithinTheWindowLeavesItAsItIs() {
        AdaptivePoll p = new AdaptivePoll(MAX);
        sleepThenWake(p, 0, 10 * US);
        sleepThenWake(p, 100 * US, 10 * US);
        assertEquals(8_000, p.windowNs());
        sleepThenWake(p, 200 * US, 7 * US);
        assertEquals(8_000, p.windowNs(), "QEMU's sweet spot: no change");
    }

    @Test
    void onlyOneWorkerPollsAtATimeAndTheTokenComesBackWhenItsWindowRunsOut() {
        AdaptivePoll p = new AdaptivePoll(MAX);
        sleepThenWake(p, 0, 10 * US);
        assertTrue(p.answered(100 * US, false), "the first worker to answer polls");
        assertFalse(p.answered(101 * US, false), "a second one sleeps while the first polls");
        p.expired();
        assertTrue(p.answered(200 * US, false), "after the window ran out the next answer polls again");
    }

    @Test
    void aGapIsMeasuredFromThePollersLastAnswerNotFromWhenItStartedPolling() {
        AdaptivePoll p = new AdaptivePoll(MAX);
        for (int i = 0; i < 5; i++) sleepThenWake(p, i * 100 * US, MAX);
        assertEquals(MAX, p.windowNs());
        long t = 1_000 * US;
        assertTrue(p.answered(t, false));
        for (int i = 1; i <= 100; i++) assertTrue(p.answered(t + i * 10 * US, true), "a burst caught by the poll");
        p.expired();
        p.woke(t + 1_000 * US + MAX / 2); // half a window after its last answer, 1 ms after it started polling
        assertEquals(MAX, p.windowNs(), "the gap is 16 us, not the 1 ms since polling began");
    }

    @Test
    void aWakeIsMeasuredOnceAfterEachSleep() {
        AdaptivePoll p = new AdaptivePoll(MAX);
        assertFalse(p.answered(0, false));
        p.woke(10 * US);
        assertEquals(4_000, p.windowNs());
        p.woke(20 * US); // a second worker woken by the same sleep (requests in parallel): no second step
        assertEquals(4_000, p.windowNs());
    }

    @Test
    void zeroMaximumNeverPolls() {
        AdaptivePoll p = new AdaptivePoll(0);
        assertFalse(p.enabled());
        for (int i = 0; i < 10; i++) sleepThenWake(p, i * 100 * US, 1 * US);
        assertEquals(0, p.windowNs());
        assertFalse(p.answered(2_000 * US, false));
    }

    @Test
    void aNegativeMaximumIsRefusedNamingTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> new AdaptivePoll(-5));
        assertTrue(e.getMessage().contains("-5"), e.getMessage());
    }
}
