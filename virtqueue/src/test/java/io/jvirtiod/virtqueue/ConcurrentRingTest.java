package io.jvirtiod.virtqueue;

import io.jvirtiod.mock.MockDriver;
import io.jvirtiod.mock.PackedDriver;
import io.jvirtiod.mock.SplitDriver;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Driver and device on two threads at once, as with a real guest: the mock driver publishes with release and reaps
 * with acquire, the device runs the engine. Every chain carries a token the device must read and answer; a missing or
 * stale read (memory ordering broken) shows up as a wrong token, a lost chain, or a timeout.
 */
class ConcurrentRingTest {
    private static final int SIZE = 64;
    private static final int CHAINS = 100_000;
    private static final long BASE = 0x10_0000L;

    @Test
    void aSplitRingSharedWithADriverThreadReturnsEveryChainWithItsAnswer() throws Exception {
        run(false);
    }

    @Test
    void aPackedRingSharedWithADriverThreadReturnsEveryChainWithItsAnswer() throws Exception {
        run(true);
    }

    private static void run(boolean packed) throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment mem = arena.allocate(64 * 1024 + SIZE * 64L, 4096);
            long data = BASE + 64 * 1024;
            long features = packed ? 1L << QueueConfig.FEATURE_RING_PACKED : 0;
            MockDriver driver;
            QueueConfig cfg;
            if (packed) {
                PackedDriver d = new PackedDriver(mem, BASE, 0, SIZE);
                cfg = new QueueConfig(SIZE, d.ring().descAddress(), d.ring().driverAddress(), d.ring().deviceAddress(),
                        features);
                driver = d;
            } else {
                SplitDriver d = new SplitDriver(mem, BASE, 0, SIZE);
                cfg = new QueueConfig(SIZE, d.ring().descAddress(), d.ring().availAddress(), d.ring().usedAddress(),
                        features);
                driver = d;
            }
            Virtqueue q = Virtqueue.open(GuestMemory.of(new GuestRegion(BASE, mem)), cfg, QueueState.INITIAL,
                    InflightTracker.NONE);
            AtomicReference<Throwable> deviceFailure = new AtomicReference<>();
            Thread device = new Thread(() -> {
                try (Arena local = Arena.ofConfined()) {
                    MemorySegment buf = local.allocate(8);
                    int served = 0;
                    while (served < CHAINS && !Thread.currentThread().isInterrupted()) {
                        DescriptorChain c = q.pop();
                        if (c == null) {
                            q.flushUsed();
                            Thread.onSpinWait();
                            continue;
                        }
                        c.read(0, buf);
                        long token = buf.get(ValueLayout.JAVA_LONG, 0);
                        buf.set(ValueLayout.JAVA_LONG, 0, ~token);
                        c.write(0, buf);
                        q.addUsed(c.head(), 8);
                        if (ThreadLocalRandom.current().nextInt(4) == 0) q.flushUsed();
                        served++;
                    }
                    q.flushUsed();
                } catch (Throwable t) {
                    deviceFailure.set(t);
                }
            }, "device");
            device.setDaemon(true);
            device.start();
            long[] tokenOf = new long[SIZE / 2];  // by buffer slot: [8 readable: token][8 writable: answer]
            int[] slotOf = new int[SIZE];         // by chain id: its buffer slot
            int[] freeSlots = new int[SIZE / 2];
            int numFreeSlots = SIZE / 2;
            for (int i = 0; i < numFreeSlots; i++) freeSlots[i] = i;
            boolean[] busy = new boolean[SIZE / 2];
            int submitted = 0;
            int reaped = 0;
            long deadline = System.nanoTime() + 100_000_000_000L;
            while (reaped < CHAINS) {
                if (deviceFailure.get() != null) throw new AssertionError("device failed", deviceFailure.get());
                if (System.nanoTime() > deadline) {
                    device.interrupt();
                    throw new AssertionError("stuck after " + reaped + " of " + CHAINS + " chains (" + submitted + " offered)");
                }
                // offer one chain per free buffer slot
                while (numFreeSlots > 0 && submitted < CHAINS && driver.hasRoom(2)) {
                    int slot = freeSlots[--numFreeSlots];
                    long buf = data + 64L * slot;
                    long token = (long) submitted * 0x9E3779B97F4A7C15L + 1;
                    tokenOf[slot] = token;
                    busy[slot] = true;
                    mem.set(ValueLayout.JAVA_LONG, buf - BASE, token);
                    mem.set(ValueLayout.JAVA_LONG, buf + 8 - BASE, 0);
                    slotOf[driver.add(new long[] {buf, buf + 8}, new int[] {8, 8}, 1)] = slot;
                    driver.publish();
                    submitted++;
                }
                // reap
                for (int id; (id = driver.pollUsed()) >= 0; ) {
                    assertEquals(8, driver.usedLength());
                    int slot = slotOf[id];
                    if (!busy[slot]) throw new AssertionError("id " + id + " returned twice");
                    long answer = mem.get(ValueLayout.JAVA_LONG, data + 64L * slot + 8 - BASE);
                    if (answer != ~tokenOf[slot]) {
                        throw new AssertionError("id " + id + " answer " + answer + " for token " + tokenOf[slot]);
                    }
                    busy[slot] = false;
                    freeSlots[numFreeSlots++] = slot;
                    reaped++;
                }
                Thread.onSpinWait();
            }
            device.join(10_000);
            if (deviceFailure.get() != null) throw new AssertionError("device failed", deviceFailure.get());
            assertEquals(CHAINS, reaped);
        }
    }
}
