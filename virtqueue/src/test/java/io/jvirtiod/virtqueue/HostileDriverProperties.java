package io.jvirtiod.virtqueue;

import io.jvirtiod.mock.PackedRing;
import io.jvirtiod.mock.SplitRing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * A hostile driver: random descriptor tables, avail rings and packed flags (biased towards near-valid values so
 * deep paths are reached), rewritten between pops. The device serves whatever it gets, reading every readable
 * byte and writing into every writable one. The engine must never throw anything but a typed
 * {@link VirtqueueException}, never touch memory outside the guest (a slice access out of bounds would throw;
 * guard zones around the regions catch writes), and once broken stay broken with the same error.
 */
class HostileDriverProperties {
    /** Rings each property must survive. QuickTheories may skip a few duplicate examples, so it is asked for more. */
    static final int RINGS_REQUIRED = Integer.getInteger("virtqueue.hostile.rings", 10_000);
    static final int EXAMPLES = RINGS_REQUIRED + RINGS_REQUIRED / 50;
    static final AtomicLong RINGS = new AtomicLong();
    static final AtomicLong CHAINS = new AtomicLong();
    static final AtomicLong ERRORS = new AtomicLong();
    static final long[] BY_KIND = new long[QueueError.values().length];

    @Test
    void randomSplitRingsEndInValidChainsOrATypedError() {
        hostile(false);
    }

    @Test
    void randomPackedRingsEndInValidChainsOrATypedError() {
        hostile(true);
    }

    private static void hostile(boolean packed) {
        long before = RINGS.get();
        qt().withExamples(EXAMPLES).withShrinkCycles(20)
                .forAll(integers().between(0, 15).zip(integers().between(0, 15), (a, b) -> Math.min(a, Math.min(b, 10)))
                                .mix(integers().between(11, 15), 3),
                        longs().all())
                .checkAssert((k, seed) -> assertTrue(oneRing(packed, 1 << k, seed)));
        long rings = RINGS.get() - before;
        System.out.println("HostileDriverProperties: " + rings + (packed ? " packed" : " split") + " rings survived");
        assertTrue(rings >= RINGS_REQUIRED, "only " + rings + " random rings ran");
    }

    private static boolean oneRing(boolean packed, int size, long seed) {
        Random rnd = new Random(seed);
        long ringBytes = packed ? PackedDriverModel.ringBytes(size) : SplitDriverModel.ringBytes(size);
        long data = 4096 + rnd.nextInt(16384);
        long total = ringBytes + data;
        long split = ringBytes + rnd.nextLong(data + 1);
        try (GuestRam ram = new GuestRam(total, split); Arena scratch = Arena.ofConfined()) {
            MemorySegment buf = scratch.allocate(65536);
            long features = (rnd.nextBoolean() ? 1L << QueueConfig.FEATURE_EVENT_IDX : 0)
                    | (rnd.nextInt(4) != 0 ? 1L << QueueConfig.FEATURE_INDIRECT_DESC : 0)
                    | (packed ? 1L << QueueConfig.FEATURE_RING_PACKED : 0);
            long desc = GuestRam.BASE;
            QueueConfig cfg;
            if (packed) {
                PackedRing r = new PackedRing(ram.firstRegion(), GuestRam.BASE, 0, size);
                cfg = new QueueConfig(size, desc, r.driverAddress(), r.deviceAddress(), features);
            } else {
                SplitRing r = new SplitRing(ram.firstRegion(), GuestRam.BASE, 0, size);
                cfg = new QueueConfig(size, desc, r.availAddress(), r.usedAddress(), features);
            }
            if (rnd.nextInt(50) == 0) cfg = new QueueConfig(size, desc + 1 + rnd.nextInt(8), cfg.driverArea(), cfg.deviceArea(), features);
            QueueState state = packed
                    ? new QueueState(rnd.nextInt(size), rnd.nextBoolean(), rnd.nextInt(size), rnd.nextBoolean())
                    : new QueueState(rnd.nextInt(65536), true, rnd.nextInt(65536), true);
            scribble(ram, rnd, total, size, packed, state);
            Virtqueue q;
            try {
                q = Virtqueue.open(ram.memory, cfg, state, InflightTracker.NONE);
            } catch (VirtqueueException e) {
                return typed(e, ram);
            }
            int[] held = new int[size];
            int nHeld = 0;
            int pops = 1 + rnd.nextInt(Math.min(4 * size, 512));
            for (int i = 0; i < pops; i++) {
                DescriptorChain c;
                try {
                    c = q.pop();
                } catch (VirtqueueException e) {
                    try {
                        q.pop();
                        throw new AssertionError("a broken queue popped again after " + e.getMessage());
                    } catch (VirtqueueException again) {
                        if (again != e) throw new AssertionError("a broken queue changed its error");
                    }
                    return typed(e, ram);
                }
                if (c == null) {
                    if (rnd.nextBoolean()) break;
                } else {
                    CHAINS.incrementAndGet();
                    long r = Math.min(c.readableLength(), buf.byteSize());
                    if (c.read(0, buf.asSlice(0, r)) != r) throw new AssertionError("short read of a validated chain");
                    long w = Math.min(c.writableLength(), buf.byteSize());
                    if (c.write(0, buf.asSlice(0, w)) != w) throw new AssertionError("short write of a validated chain");
                    for (int d = 0; d < c.count(); d++) {
                        MemorySegment s = c.segment(d); // null when straddling; else a bounded slice
                        if (s != null && s.byteSize() != c.length(d)) throw new AssertionError("segment size");
                    }
                    held[nHeld++] = c.head();
                }
                if (nHeld > 0 && rnd.nextInt(3) == 0) {
                    int j = rnd.nextInt(nHeld);
                    q.addUsed(held[j], rnd.nextInt(100));
                    held[j] = held[--nHeld];
                    if (rnd.nextBoolean()) {
                        q.flushUsed();
                        q.needsInterrupt();
                    }
                }
                if (rnd.nextInt(8) == 0) {
                    try {
                        if (rnd.nextBoolean()) q.enableNotification();
                        else q.disableNotification();
                    } catch (VirtqueueException e) {
                        return typed(e, ram);
                    }
                }
                if (rnd.nextInt(4) == 0) scribble(ram, rnd, total, size, packed, q.state()); // the driver keeps changing it
            }
            q.flushUsed();
            q.needsInterrupt();
            return intact(ram);
        } finally {
            RINGS.incrementAndGet();
        }
    }

    private static boolean typed(VirtqueueException e, GuestRam ram) {
        ERRORS.incrementAndGet();
        synchronized (BY_KIND) {
            BY_KIND[e.kind().ordinal()]++;
        }
        return intact(ram);
    }

    private static boolean intact(GuestRam ram) {
        if (!ram.guardsIntact()) throw new AssertionError("memory outside the guest regions was written");
        return true;
    }

    /** Rewrites part of the ring with plausible-looking garbage, through the mock's raw ring view. */
    private static void scribble(GuestRam ram, Random rnd, long total, int size, boolean packed, QueueState st) {
        int entries = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(Math.min(size, 64)) : Math.min(size, 64);
        if (packed) {
            PackedRing ring = new PackedRing(ram.firstRegion(), GuestRam.BASE, 0, size);
            for (int e = 0; e < entries; e++) {
                int i = rnd.nextInt(size);
                ring.buffer(i, address(rnd, total), length(rnd),
                        rnd.nextInt(4) == 0 ? rnd.nextInt(65536) : rnd.nextInt(size));
                boolean avail = rnd.nextInt(4) != 0; // mostly marked available for the device's wrap counter
                boolean wrap = avail ? st.availWrap() : rnd.nextBoolean();
                ring.flags(i, flags(rnd) | (wrap ? PackedRing.AVAIL : 0) | (wrap == avail ? 0 : PackedRing.USED)
                        | (rnd.nextInt(8) == 0 ? rnd.nextInt(65536) : 0));
            }
            ring.driverEvent(rnd.nextInt(65536), rnd.nextInt(4));
        } else {
            SplitRing ring = new SplitRing(ram.firstRegion(), GuestRam.BASE, 0, size);
            for (int e = 0; e < entries; e++) {
                ring.desc(rnd.nextInt(size), address(rnd, total), length(rnd),
                        flags(rnd) | (rnd.nextInt(8) == 0 ? rnd.nextInt(65536) : 0),
                        rnd.nextInt(4) == 0 ? rnd.nextInt(65536) : rnd.nextInt(size));
            }
            for (int e = 0; e < entries; e++) {
                ring.availEntry(rnd.nextInt(size), rnd.nextInt(4) == 0 ? rnd.nextInt(65536) : rnd.nextInt(size));
            }
            ring.publishAvailIdx(rnd.nextInt(8) == 0 ? rnd.nextInt(65536)
                    : (st.nextAvail() + rnd.nextInt(size + 1)) & 0xffff);
            ring.availFlags(rnd.nextInt(4));
            ring.usedEvent(rnd.nextInt(65536));
        }
        // indirect tables and buffers: random bytes in the data area too
        long dataStart = GuestRam.BASE
                + (packed ? PackedDriverModel.ringBytes(size) : SplitDriverModel.ringBytes(size));
        long dataLen = GuestRam.BASE + total - dataStart;
        long from = dataStart + rnd.nextLong(dataLen);
        long n = Math.min(256, GuestRam.BASE + total - from);
        ram.scribble(from, n, rnd);
    }

    /** Descriptor flags: mostly plain NEXT/WRITE combinations, sometimes INDIRECT. */
    private static int flags(Random rnd) {
        return rnd.nextInt(4) == 0 ? rnd.nextInt(8) : rnd.nextInt(4);
    }

    private static long address(Random rnd, long total) {
        return switch (rnd.nextInt(12)) {
            case 0 -> rnd.nextLong();
            case 1 -> GuestRam.BASE - 64 + rnd.nextLong(total + 128); // around the edges
            case 2 -> GuestRam.BASE + total - rnd.nextInt(64);
            case 3 -> -1L - rnd.nextInt(64); // near 2^64: end-of-address-space arithmetic
            default -> GuestRam.BASE + rnd.nextLong(total);
        };
    }

    private static int length(Random rnd) {
        return switch (rnd.nextInt(12)) {
            case 0 -> rnd.nextInt();
            case 1 -> 16 * rnd.nextInt(4);
            case 2 -> 0;
            case 3 -> -1 - rnd.nextInt(16);
            default -> rnd.nextInt(512);
        };
    }

    @AfterAll
    static void summary() {
        StringBuilder kinds = new StringBuilder();
        for (QueueError k : QueueError.values()) {
            if (BY_KIND[k.ordinal()] > 0) kinds.append(' ').append(k).append('=').append(BY_KIND[k.ordinal()]);
        }
        System.out.println("HostileDriverProperties: " + RINGS.get() + " random rings, " + CHAINS.get()
                + " valid chains served, " + ERRORS.get() + " typed errors:" + kinds);
    }
}
