package io.jvirtiod.virtqueue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import java.util.concurrent.atomic.AtomicLong;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * The engine against a Linux-like driver model over random workloads: chain shapes and lengths, indirect tables,
 * batch sizes, out-of-order completion, queue sizes 1 to 32768, starting indices near the 16-bit wrap. Each
 * property asserts, inside the simulation, that every chain comes back exactly once with its id and written
 * length, that used indices only move forward, and that kicks and interrupts follow the suppression rules exactly.
 */
class VirtqueueProperties {
    static final int EXAMPLES = Integer.getInteger("virtqueue.examples", 3000);
    private static final AtomicLong CHAINS = new AtomicLong();
    private static final AtomicLong RUNS = new AtomicLong();
    private static final AtomicLong KICKS = new AtomicLong();
    private static final AtomicLong IRQS = new AtomicLong();

    /** Powers of two 1..32768, small ones more often (they fill and wrap quickly). */
    static Gen<Integer> queueSizes() {
        return integers().between(0, 15).zip(integers().between(0, 15), Math::min).map(k -> 1 << k);
    }

    /** Start indices: anywhere, but often just before the 16-bit wrap. */
    static Gen<Integer> starts() {
        return integers().between(0, 65535).mix(integers().between(65536 - 64, 65535), 50);
    }

    private static boolean run(QueueSimulation.Scenario sc) {
        try {
            QueueSimulation.Outcome o = new QueueSimulation(sc).run();
            CHAINS.addAndGet(o.chains());
            KICKS.addAndGet(o.kicks());
            IRQS.addAndGet(o.interrupts());
            RUNS.incrementAndGet();
            return true;
        } catch (VirtqueueException e) {
            throw new AssertionError("a well-behaved driver broke the queue: " + e.getMessage() + " in " + sc, e);
        }
    }

    private static void property(boolean packed) {
        // features, split point, wrap counter and step count come from the seed's bits; the seed also drives the run
        qt().withExamples(EXAMPLES).withShrinkCycles(50)
                .forAll(queueSizes(), starts(), longs().all())
                .checkAssert((size, start, seed) -> run(new QueueSimulation.Scenario(size, packed,
                        (seed & 1) != 0, (seed & 2) != 0, start, (seed & 4) != 0,
                        (int) Math.floorMod(seed >> 3, 101L), seed, 40 + (int) Math.floorMod(seed >> 10, 200L))));
    }

    @Test
    void splitRingReturnsEveryChainOnceAndSignalsExactlyAsSuppressionRequires() {
        property(false);
    }

    @Test
    void packedRingReturnsEveryChainOnceAndSignalsExactlyAsSuppressionRequires() {
        property(true);
    }

    @Test
    void longRunsCrossTheSixteenBitIndexWrapManyTimes() {
        qt().withExamples(Math.max(20, EXAMPLES / 100))
                .forAll(integers().between(0, 4).map(k -> 1 << k), booleans().all(), booleans().all(), longs().all())
                .checkAssert((size, packed, eventIdx, seed) -> run(new QueueSimulation.Scenario(
                        size, packed, eventIdx, true, 65536 - 100, true, 50, seed, 30_000)));
    }

    @AfterAll
    static void summary() {
        System.out.println("VirtqueueProperties: " + RUNS.get() + " simulations, " + CHAINS.get() + " chains, "
                + KICKS.get() + " kicks, " + IRQS.get() + " interrupts");
    }

}
