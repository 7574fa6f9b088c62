package io.jvirtiod.virtqueue;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Driver and device on two threads at once, as with a real guest: the driver publishes with release and reaps with
 * acquire, the device runs the engine. Every chain carries a token the device must read and answer; a missing or
 * stale read (memory ordering broken) shows up as a wrong token, a lost chain, or a timeout.
 */
class ConcurrentRingTest {
    private static final int SIZE = 64;
    private static final int CHAINS = 100_000;
    private static final long BASE = 0x10_0000L;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle ATOMIC16 = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

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
            long desc = BASE;
            long avail = desc + 16L * SIZE;
            long used = (avail + 6 + 2L * SIZE + 3) & ~3L;
            long features = packed ? 1L << QueueConfig.FEATURE_RING_PACKED : 0;
            QueueConfig cfg = packed ? new QueueConfig(SIZE, desc, avail, avail + 4, features)
                    : new QueueConfig(SIZE, desc, avail, used, features);
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
            long[] tokenOf = new long[SIZE];
            boolean[] busy = new boolean[SIZE];
            int submitted = 0;
            int reaped = 0;
            int availIdx = 0, lastUsed = 0, nextSlot = 0;
            boolean wrap = true, usedWrap = true;
            long deadline = System.nanoTime() + 100_000_000_000L;
            while (reaped < CHAINS) {
                if (deviceFailure.get() != null) throw new AssertionError("device failed", deviceFailure.get());
                if (System.nanoTime() > deadline) {
                    device.interrupt();
                    throw new AssertionError("stuck after " + reaped + " of " + CHAINS + " chains (" + submitted + " offered)");
                }
                // offer one chain per free id: [8 readable: token][8 writable: answer]
                for (int id = 0; id < SIZE / 2 && submitted < CHAINS; id++) {
                    if (busy[id]) continue;
                    long buf = data + 64L * id;
                    long token = (long) submitted * 0x9E3779B97F4A7C15L + 1;
                    tokenOf[id] = token;
                    busy[id] = true;
                    mem.set(ValueLayout.JAVA_LONG, buf - BASE, token);
                    mem.set(ValueLayout.JAVA_LONG, buf + 8 - BASE, 0);
                    if (packed) {
                        int head = nextSlot;
                        boolean headWrap = wrap;
                        for (int d = 0; d < 2; d++) {
                            long at = desc + 16L * nextSlot - BASE;
                            mem.set(U64, at, buf + 8L * d);
                            mem.set(U32, at + 8, 8);
                            mem.set(U16, at + 12, (short) id);
                            if (d == 1) mem.set(U16, at + 14, (short) (2 | (wrap ? 1 << 7 : 1 << 15)));
                            if (++nextSlot == SIZE) {
                                nextSlot = 0;
                                wrap = !wrap;
                            }
                        }
                        int headFlags = 1 | (headWrap ? 1 << 7 : 1 << 15);
                        ATOMIC16.setRelease(mem, desc + 16L * head + 14 - BASE, (short) headFlags);
                    } else {
                        int head = 2 * id;
                        long at = desc + 16L * head - BASE;
                        mem.set(U64, at, buf);
                        mem.set(U32, at + 8, 8);
                        mem.set(U16, at + 12, (short) 1);
                        mem.set(U16, at + 14, (short) (head + 1));
                        mem.set(U64, at + 16, buf + 8);
                        mem.set(U32, at + 24, 8);
                        mem.set(U16, at + 28, (short) 2);
                        mem.set(U16, avail + 4 + 2L * (availIdx & (SIZE - 1)) - BASE, (short) head);
                        availIdx = (availIdx + 1) & 0xffff;
                        ATOMIC16.setRelease(mem, avail + 2 - BASE, (short) availIdx);
                    }
                    submitted++;
                }
                // reap
                while (true) {
                    int id, len;
                    if (packed) {
                        int flags = (short) ATOMIC16.getAcquire(mem, desc + 16L * lastUsed + 14 - BASE) & 0xffff;
                        boolean a = (flags & 1 << 7) != 0, u = (flags & 1 << 15) != 0;
                        if (a != u || u != usedWrap) break;
                        id = mem.get(U16, desc + 16L * lastUsed + 12 - BASE);
                        len = mem.get(U32, desc + 16L * lastUsed + 8 - BASE);
                        lastUsed += 2;
                        if (lastUsed >= SIZE) {
                            lastUsed -= SIZE;
                            usedWrap = !usedWrap;
                        }
                    } else {
                        int idx = (short) ATOMIC16.getAcquire(mem, used + 2 - BASE) & 0xffff;
                        if (idx == lastUsed) break;
                        long e = used + 4 + 8L * (lastUsed & (SIZE - 1)) - BASE;
                        id = mem.get(U32, e) / 2;
                        len = mem.get(U32, e + 4);
                        lastUsed = (lastUsed + 1) & 0xffff;
                    }
                    assertEquals(8, len);
                    if (!busy[id]) throw new AssertionError("id " + id + " returned twice");
                    long answer = mem.get(ValueLayout.JAVA_LONG, data + 64L * id + 8 - BASE);
                    if (answer != ~tokenOf[id]) throw new AssertionError("id " + id + " answer " + answer + " for token " + tokenOf[id]);
                    busy[id] = false;
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
