package io.jvirtiod.bench;

import io.jvirtiod.mock.MockDriver;
import io.jvirtiod.mock.PackedDriver;
import io.jvirtiod.mock.SplitDriver;
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
 * 3-descriptor chains (header, data, status). The driver is the test suites' mock driver: it writes the ring bytes
 * a Linux driver would, and no more, so the measured time is the engine plus that unavoidable driver work.
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
    private MockDriver driver;
    private boolean batched;
    private long[][] chains;    // per chain slot: its buffers' guest addresses
    private int[] lengths;      // 1 readable descriptor, or virtio-blk's 16-byte header, 4 KiB data, 1-byte status
    private int nextChain;

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
            PackedDriver d = new PackedDriver(mem, GUEST_BASE, 0, QUEUE_SIZE);
            driver = d;
            cfg = new QueueConfig(QUEUE_SIZE, d.ring().descAddress(), d.ring().driverAddress(),
                    d.ring().deviceAddress(), features);
        } else {
            SplitDriver d = new SplitDriver(mem, GUEST_BASE, 0, QUEUE_SIZE);
            driver = d;
            cfg = new QueueConfig(QUEUE_SIZE, d.ring().descAddress(), d.ring().availAddress(),
                    d.ring().usedAddress(), features);
        }
        lengths = descriptors == 1 ? new int[] {512} : new int[] {16, 4096, 1};
        chains = new long[QUEUE_SIZE / descriptors][descriptors];
        for (int c = 0; c < chains.length; c++) {
            for (int d = 0; d < descriptors; d++) {
                chains[c][d] = dataArea + c * 8192L + (d == 0 ? 0 : d == 1 ? 64 : 64 + 4096);
            }
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
        for (int i = 0; i < BURST; i++) { // a read request: the device fills data and status
            driver.add(chains[nextChain], lengths, 1);
            if (++nextChain == chains.length) nextChain = 0;
        }
        driver.publish();
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
        int reaped = 0;
        while (driver.pollUsed() >= 0) reaped++;
        if (reaped != BURST) throw new IllegalStateException("lost chains");
        return interrupts;
    }
}
