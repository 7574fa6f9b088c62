package io.jvirtiod.bench;

import io.jvirtiod.virtqueue.DescriptorChain;
import io.jvirtiod.virtqueue.GuestMemory;
import io.jvirtiod.virtqueue.GuestRegion;
import io.jvirtiod.virtqueue.InflightTracker;
import io.jvirtiod.virtqueue.QueueConfig;
import io.jvirtiod.virtqueue.QueueState;
import io.jvirtiod.virtqueue.Virtqueue;
import io.jvirtiod.virtqueue.VirtqueueException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Chains per second through the virtqueue engine on one core: the device pops a burst of {@value #BURST} chains
 * the driver offered, completes each (singly: a used-index store per chain; batched: one per burst), asks whether
 * to interrupt, and the driver reaps them. Split and packed rings; 1-descriptor chains and virtio-blk shaped
 * 3-descriptor chains (header, data, status).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
public class VirtqueueBenchmark {
    static final int BURST = 32;
    static final int QUEUE_SIZE = 256;
    static final long GUEST_BASE = 0x10_0000L;

    @Param({"split", "packed"})
    public String ring;

    @Param({"1", "3"})
    public int descriptors;

    @Param({"single", "batched"})
    public String used;

    private Arena arena;
    private Virtqueue queue;
    private BenchDriver driver;
    private boolean batched;

    @Setup(Level.Trial)
    public void setUp() throws VirtqueueException {
        arena = Arena.ofShared();
        long dataArea = GUEST_BASE + 64 * 1024;
        long bytes = 64 * 1024 + (long) QUEUE_SIZE * 8192;
        MemorySegment mem = arena.allocate(bytes, 4096);
        GuestMemory memory = GuestMemory.of(new GuestRegion(GUEST_BASE, mem));
        boolean packed = ring.equals("packed");
        long features = 1L << QueueConfig.FEATURE_EVENT_IDX | 1L << QueueConfig.FEATURE_VERSION_1
                | (packed ? 1L << QueueConfig.FEATURE_RING_PACKED : 0);
        QueueConfig cfg;
        if (packed) {
            driver = new BenchDriver.Packed(mem, GUEST_BASE, QUEUE_SIZE, descriptors, dataArea);
            long events = GUEST_BASE + 16L * QUEUE_SIZE;
            cfg = new QueueConfig(QUEUE_SIZE, GUEST_BASE, events, events + 4, features);
        } else {
            BenchDriver.Split s = new BenchDriver.Split(mem, GUEST_BASE, QUEUE_SIZE, descriptors, dataArea);
            driver = s;
            cfg = new QueueConfig(QUEUE_SIZE, s.desc, s.avail, s.used, features);
        }
        queue = Virtqueue.open(memory, cfg, QueueState.INITIAL, InflightTracker.NONE);
        queue.disableNotification(); // a polling device
        batched = used.equals("batched");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public int roundTrip() throws VirtqueueException {
        driver.offer(BURST);
        Virtqueue q = queue;
        int interrupts = 0;
        for (DescriptorChain c; (c = q.pop()) != null; ) {
            int written = (int) c.writableLength();
            if (batched) {
                q.addUsed(c.head(), written);
            } else {
                q.pushUsed(c.head(), written);
                if (q.needsInterrupt()) interrupts++;
            }
        }
        if (batched) {
            q.flushUsed();
            if (q.needsInterrupt()) interrupts++;
        }
        if (driver.reap() != BURST) throw new IllegalStateException("lost chains");
        return interrupts;
    }
}
