package io.jvirtiod.virtqueue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jvirtiod.mock.PackedRing;
import io.jvirtiod.mock.SplitRing;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Coverage-guided fuzzing of the descriptor-chain parser: the fuzzer writes the ring and data memory a hostile
 * driver controls, then drives pops, used entries and notifications. Only a typed {@link VirtqueueException} may
 * come out, a broken queue stays broken, and the guard zones around guest memory stay intact. Regression mode
 * (every {@code ./mvnw verify}) replays the committed corpus; {@code bench/fuzz.sh} runs a campaign.
 */
class RingMemoryFuzzTest {
    private static final int DATA = 8192;

    @FuzzTest(maxDuration = "60s")
    void ringMemoryYieldsValidChainsOrATypedError(FuzzedDataProvider in) {
        boolean packed = in.consumeBoolean();
        int size = 1 << in.consumeInt(0, 8);
        long features = (in.consumeBoolean() ? 1L << QueueConfig.FEATURE_EVENT_IDX : 0)
                | (in.consumeBoolean() ? 1L << QueueConfig.FEATURE_INDIRECT_DESC : 0)
                | (packed ? 1L << QueueConfig.FEATURE_RING_PACKED : 0);
        long ringBytes = packed ? PackedDriverModel.ringBytes(size) : SplitDriverModel.ringBytes(size);
        long total = ringBytes + DATA;
        long split = ringBytes + in.consumeLong(0, DATA);
        try (GuestRam ram = new GuestRam(total, split); Arena scratch = Arena.ofConfined()) {
            QueueConfig cfg;
            if (packed) {
                PackedRing r = new PackedRing(ram.firstRegion(), GuestRam.BASE, 0, size);
                cfg = new QueueConfig(size, GuestRam.BASE, r.driverAddress(), r.deviceAddress(), features);
            } else {
                SplitRing r = new SplitRing(ram.firstRegion(), GuestRam.BASE, 0, size);
                cfg = new QueueConfig(size, GuestRam.BASE, r.availAddress(), r.usedAddress(), features);
            }
            QueueState state = packed
                    ? new QueueState(in.consumeInt(0, size - 1), in.consumeBoolean(), in.consumeInt(0, size - 1),
                            in.consumeBoolean())
                    : new QueueState(in.consumeChar(), true, in.consumeChar(), true);
            int pops = in.consumeInt(1, 64);
            byte[] memory = in.consumeRemainingAsBytes(); // the driver's whole view: rings, then indirect tables/data
            for (int i = 0; i < Math.min(memory.length, total); i++) ram.putByte(GuestRam.BASE + i, memory[i]);
            serve(ram, cfg, state, pops, memory, scratch.allocate(65536));
        }
    }

    /** Pops {@code pops} times, returning every chain used; bytes after the memory image steer the order. */
    private static void serve(GuestRam ram, QueueConfig cfg, QueueState state, int pops, byte[] steer,
                              MemorySegment buf) {
        Virtqueue q;
        try {
            q = Virtqueue.open(ram.memory, cfg, state, InflightTracker.NONE);
        } catch (VirtqueueException e) {
            intact(ram);
            return;
        }
        int[] held = new int[cfg.size()];
        int nHeld = 0;
        for (int i = 0; i < pops; i++) {
            int choice = steer.length == 0 ? 0 : steer[steer.length - 1 - i % steer.length];
            DescriptorChain c;
            try {
                c = q.pop();
                if ((choice & 8) != 0) {
                    if ((choice & 16) != 0) q.enableNotification();
                    else q.disableNotification();
                }
            } catch (VirtqueueException e) {
                try {
                    q.pop();
                    throw new AssertionError("a broken queue popped again after " + e.getMessage());
                } catch (VirtqueueException again) {
                    if (again != e) throw new AssertionError("a broken queue changed its error", again);
                }
                intact(ram);
                return;
            }
            if (c != null) {
                long r = Math.min(c.readableLength(), buf.byteSize());
                if (c.read(0, buf.asSlice(0, r)) != r) throw new AssertionError("short read of a validated chain");
                long w = Math.min(c.writableLength(), buf.byteSize());
                if (c.write(0, buf.asSlice(0, w)) != w) throw new AssertionError("short write of a validated chain");
                held[nHeld++] = c.head();
            }
            if (nHeld > 0 && (choice & 3) != 0) {
                int j = (choice >>> 5 & 7) % nHeld;
                q.addUsed(held[j], choice & 0x7f);
                held[j] = held[--nHeld];
                if ((choice & 4) != 0) {
                    q.flushUsed();
                    q.needsInterrupt();
                }
            }
        }
        q.flushUsed();
        q.needsInterrupt();
        intact(ram);
    }

    private static void intact(GuestRam ram) {
        if (!ram.guardsIntact()) throw new AssertionError("memory outside the guest regions was written");
    }
}
