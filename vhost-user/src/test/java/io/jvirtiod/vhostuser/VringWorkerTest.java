package io.jvirtiod.vhostuser;

import io.jvirtiod.binding.sys.EventFd;
import io.jvirtiod.binding.sys.EventFdH;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.mock.SplitDriver;
import io.jvirtiod.virtqueue.DescriptorChain;
import io.jvirtiod.virtqueue.GuestMemory;
import io.jvirtiod.virtqueue.GuestRegion;
import io.jvirtiod.virtqueue.InflightTracker;
import io.jvirtiod.virtqueue.QueueConfig;
import io.jvirtiod.virtqueue.QueueState;
import io.jvirtiod.virtqueue.Virtqueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One vring's worker on its own, over a ring in plain memory, with handlers that misbehave. */
@Timeout(30)
class VringWorkerTest {
    private static final int SIZE = 16;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment ram = arena.allocate(1 << 20, 4096);
    private final SplitDriver ring = new SplitDriver(ram, 0, 0, SIZE);
    private final int kick = EventFd.create(0, EventFdH.EFD_CLOEXEC | EventFdH.EFD_NONBLOCK);

    @AfterEach
    void close() {
        FileIo.closeRaw(kick);
        arena.close();
    }

    private Virtqueue queue() throws Exception {
        return Virtqueue.open(GuestMemory.of(new GuestRegion(0, ram)), new QueueConfig(SIZE,
                ring.ring().descAddress(), ring.ring().availAddress(), ring.ring().usedAddress(), 1L << QueueConfig.FEATURE_VERSION_1),
                QueueState.INITIAL, InflightTracker.NONE);
    }

    private VringWorker start(QueueHandler handler) throws Exception {
        VringWorker w = new VringWorker("test-vq", queue(), handler, kick, -1, -1);
        w.start();
        return w;
    }

    /** Submits a one-byte request {@code b} with a 1-byte reply buffer and kicks. */
    private void submit(byte b) {
        ring.submit(new byte[][] {{b}}, new long[] {ring.allocate(1)}, new int[] {1});
        EventFd.signal(kick);
    }

    @Test
    void aHandlerThatThrowsAnErrorCostsOnlyItsRequest() throws Exception {
        VringWorker w = start(chain -> {
            MemorySegment b = arena.allocate(1);
            chain.read(0, b);
            if (b.get(JAVA_BYTE, 0) == 1) throw new InternalError("a fault occurred in an unsafe memory access");
            chain.write(0, b);
            return 1;
        });
        submit((byte) 1);
        assertEquals(0, ring.awaitUsed(Duration.ofSeconds(5))[1], "the failed request is completed empty");
        submit((byte) 2);
        assertEquals(1, ring.awaitUsed(Duration.ofSeconds(5))[1], "the next one is served");
        assertEquals(2, w.stop().nextAvail());
    }

    @Test
    void stopEndsARequestWaitingInsideTheHandler() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        VringWorker w = start(chain -> {
            waiting.countDown();
            // as FileLocks waits for a lock: in short pauses until the request is interrupted
            while (!Thread.currentThread().isInterrupted()) LockSupport.parkNanos(1_000_000);
            return 0;
        });
        submit((byte) 1);
        assertTrue(waiting.await(5, TimeUnit.SECONDS));
        QueueState s = assertTimeoutPreemptively(Duration.ofSeconds(5), w::stop,
                "GET_VRING_BASE / reset / disconnect must not wait for the request");
        assertEquals(1, s.nextAvail());
        assertEquals(0, ring.awaitUsed(Duration.ofSeconds(1))[1], "the interrupted request was completed");
    }

    @Test
    void stopIsNotHeldUpByADriverThatKeepsTheRingFull() throws Exception {
        for (int i = 0; i < SIZE / 2; i++) submit((byte) i); // a full ring (two descriptors a chain) first
        CountDownLatch first = new CountDownLatch(1);
        VringWorker w = start(chain -> {
            first.countDown();
            LockSupport.parkNanos(50_000_000); // slow requests: the ring takes long to drain
            return 0;
        });
        assertTrue(first.await(5, TimeUnit.SECONDS));
        QueueState s = assertTimeoutPreemptively(Duration.ofSeconds(5), w::stop);
        assertEquals(1, s.nextAvail(), "stopped after the request in service, the rest left for the next back-end");
    }

    private VringWorker startPooled(RequestPool pool) throws Exception {
        VringWorker w = new VringWorker("test-vq", queue(), null, pool, kick, -1, -1);
        w.start();
        return w;
    }

    @Test
    void aPoolOfThreeServesThreeChainsAtOnceAndCompletesEveryChainInPopOrder() throws Exception {
        java.util.concurrent.atomic.AtomicInteger inService = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (RequestPool pool = new RequestPool("test", 3, () -> chain -> {
            threads.add(Thread.currentThread().getName());
            most.accumulateAndGet(inService.incrementAndGet(), Math::max);
            MemorySegment b = arena.allocate(1);
            chain.read(0, b);
            LockSupport.parkNanos((7 - b.get(JAVA_BYTE, 0) % 7) * 3_000_000L); // later chains finish sooner
            chain.write(0, b);
            inService.decrementAndGet();
            return 1;
        })) {
            assertEquals(3, pool.size());
            int[] heads = new int[SIZE / 2];
            for (int i = 0; i < heads.length; i++) {
                heads[i] = ring.submit(new byte[][] {{(byte) i}}, new long[] {ring.allocate(1)}, new int[] {1});
            }
            VringWorker w = startPooled(pool);
            EventFd.signal(kick);
            for (int head : heads) {
                int[] used = ring.awaitUsed(Duration.ofSeconds(5));
                assertEquals(head, used[0], "completions are published in the order the chains were popped");
                assertEquals(1, used[1]);
            }
            assertEquals(3, most.get(), "the pool's three threads served at once, never more");
            assertEquals(java.util.Set.of("test-pool-0", "test-pool-1", "test-pool-2"), threads);
            assertEquals(heads.length, w.served());
            assertEquals(heads.length, w.stop().nextAvail());
        }
    }

    @Test
    void stopEndsARequestWaitingInAPoolThread() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        try (RequestPool pool = new RequestPool("test", 1, () -> chain -> {
            waiting.countDown();
            while (!Thread.currentThread().isInterrupted()) LockSupport.parkNanos(1_000_000);
            return 0;
        })) {
            VringWorker w = startPooled(pool);
            submit((byte) 1);
            assertTrue(waiting.await(5, TimeUnit.SECONDS));
            QueueState s = assertTimeoutPreemptively(Duration.ofSeconds(5), w::stop);
            assertEquals(1, s.nextAvail());
            assertEquals(0, ring.awaitUsed(Duration.ofSeconds(1))[1], "the interrupted request was completed");
        }
    }
}
