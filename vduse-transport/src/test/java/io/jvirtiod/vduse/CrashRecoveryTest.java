package io.jvirtiod.vduse;

import io.jvirtiod.inflight.InflightLog;
import io.jvirtiod.inflight.QueueLogTracker;
import io.jvirtiod.inflight.Recovery;
import io.jvirtiod.mock.SplitDriver;
import io.jvirtiod.virtqueue.DescriptorChain;
import io.jvirtiod.virtqueue.GuestMemory;
import io.jvirtiod.virtqueue.GuestRegion;
import io.jvirtiod.virtqueue.QueueConfig;
import io.jvirtiod.virtqueue.QueueState;
import io.jvirtiod.virtqueue.Virtqueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A daemon killed with requests in flight, in memory: a split ring and a driver, the real queue engine and
 * in-flight log, a crash (queue dropped, log unmapped mid-work), recovery from the log file and resubmission.
 * Every request the driver submitted must complete exactly once, the resubmitted ones oldest first.
 */
class CrashRecoveryTest {
    private static final long BASE = 0x4000_0000L;
    private static final int SIZE = 16;
    private static final long DATA = 0x4000; // RAM offset of the requests' buffers
    private static final long FEATURES = 1L << QueueConfig.FEATURE_VERSION_1 | 1L << QueueConfig.FEATURE_EVENT_IDX;

    @TempDir Path dir;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment ram = arena.allocate(0x10000, 4096);
    private final GuestMemory memory = GuestMemory.of(new GuestRegion(BASE, ram));
    private final SplitDriver driver = new SplitDriver(ram, BASE, 0, SIZE);
    private final QueueConfig config = new QueueConfig(SIZE, driver.ring().descAddress(), driver.ring().availAddress(),
            driver.ring().usedAddress(), FEATURES);
    private final List<Long> served = new ArrayList<>();
    private int reaped;
    private final Map<Integer, Long> idOfHead = new HashMap<>();

    /** Serves a request: records the 8-byte id in its readable buffer, writes one status byte. */
    private final ChainServer server = chain -> {
        MemorySegment id = Arena.ofAuto().allocate(8);
        chain.read(0, id);
        served.add(id.get(ValueLayout.JAVA_LONG_UNALIGNED, 0));
        chain.write(0, MemorySegment.ofArray(new byte[] {0}));
        return 1;
    };

    @AfterEach
    void close() {
        arena.close();
    }

    /** The driver: request {@code id} in buffer slot {@code slot}, as a chain of two descriptors. */
    private void submit(int slot, long id) {
        long buf = DATA + 64L * slot;
        ram.set(ValueLayout.JAVA_LONG_UNALIGNED, buf, id);
        int head = driver.submit(new long[] {buf, buf + 8}, new int[] {8, 1}, 1);
        idOfHead.put(head, id);
    }

    /** Heads the device completed, in used-ring order, from the driver's last reap. */
    private List<Integer> reap() {
        List<Integer> heads = new ArrayList<>();
        for (int head; (head = driver.pollUsed()) >= 0; reaped++) heads.add(head);
        return heads;
    }

    @Test
    void requestsInFlightAtACrashAreResubmittedOldestFirstAndEveryRequestCompletesOnce() throws Exception {
        Path logPath = dir.resolve("q.inflight");
        InflightLog log = InflightLog.create(logPath, "t", 1, SIZE, FEATURES);
        QueueLogTracker tracker = new QueueLogTracker(log.queue(0));
        Virtqueue q = Virtqueue.open(memory, config, QueueState.INITIAL, tracker);
        for (int i = 0; i < 6; i++) submit(i, 100 + i);

        DescriptorChain[] popped = new DescriptorChain[4];
        int[] heads = new int[4];
        for (int i = 0; i < 4; i++) {
            popped[i] = q.pop();
            heads[i] = popped[i].head();
        }
        // requests 101 and 103 complete (out of order); 100 and 102 are in flight when the daemon dies
        served.add(101L);
        served.add(103L);
        q.addUsed(heads[3], 1);
        q.addUsed(heads[1], 1);
        q.flushUsed();
        log.close(); // SIGKILL: the mapping is gone, the file and guest memory stay

        InflightLog reopened = InflightLog.open(logPath);
        int usedIdx = driver.ring().usedIdx();
        Recovery r = reopened.queue(0).recover(usedIdx);
        assertArrayEquals(new int[] {heads[0], heads[2]}, r.heads(), "oldest first");
        assertEquals(4, r.lastAvailIdx());

        QueueLogTracker tracker2 = new QueueLogTracker(reopened.queue(0));
        int usedAfter = Resubmission.run(memory, config, usedIdx, r.heads(), tracker2, server);
        assertEquals(4, usedAfter);
        Virtqueue q2 = Virtqueue.open(memory, config, new QueueState(r.lastAvailIdx(), true, usedAfter, true), tracker2);
        for (DescriptorChain c; (c = q2.pop()) != null; ) q2.pushUsed(c.head(), server.serve(c));

        assertEquals(List.of(101L, 103L, 100L, 102L, 104L, 105L), served);
        List<Integer> completed = reap();
        assertEquals(6, completed.size());
        assertEquals(6, completed.stream().distinct().count(), "a head completed twice: " + completed);
        for (int h = 0; h < 12; h += 2) assertTrue(completed.contains(h), "head " + h + " never completed");
        for (int h = 0; h < SIZE; h++) assertTrue(!reopened.queue(0).isInflight(h), "head " + h + " still in flight");
        reopened.close();
    }

    @Test
    void repeatedCrashesAtRandomPointsLoseNothingAndDuplicateNothing() throws Exception {
        Random rnd = new Random(5);
        Path logPath = dir.resolve("r.inflight");
        InflightLog log = InflightLog.create(logPath, "t", 1, SIZE, FEATURES);
        long nextId = 0;
        int slot = 0;
        QueueState state = QueueState.INITIAL;
        List<Long> submitted = new ArrayList<>();
        for (int round = 0; round < 200; round++) {
            QueueLogTracker tracker = new QueueLogTracker(log.queue(0));
            if (round > 0) {
                int usedIdx = driver.ring().usedIdx();
                Recovery r = log.queue(0).recover(usedIdx);
                int usedAfter = Resubmission.run(memory, config, usedIdx, r.heads(), tracker, server);
                state = new QueueState(r.lastAvailIdx(), true, usedAfter, true);
            }
            Virtqueue q = Virtqueue.open(memory, config, state, tracker);
            reap();
            // the driver fills what is free (8 two-descriptor slots), the device serves part, then dies
            int outstanding = driver.outstanding();
            for (int i = outstanding; i < SIZE / 2; i++) {
                int s = slot++ % (SIZE / 2);
                submit(s, nextId);
                submitted.add(nextId++);
            }
            List<Integer> held = new ArrayList<>();
            int pops = rnd.nextInt(SIZE / 2 + 1);
            for (int i = 0; i < pops; i++) {
                DescriptorChain c = q.pop();
                if (c == null) break;
                held.add(c.head());
                long id = idOfHead.get(c.head());
                if (rnd.nextBoolean()) { // served now (maybe completed below), else killed before serving
                    served.add(id);
                    c.write(0, MemorySegment.ofArray(new byte[] {0}));
                    q.addUsed(c.head(), 1);
                    if (rnd.nextInt(3) == 0) q.flushUsed();
                } else {
                    held.remove((Integer) c.head());
                }
            }
            if (rnd.nextBoolean()) q.flushUsed(); // else staged completions die unpublished: served again later
            log.close();
            log = InflightLog.open(logPath);
        }
        // a last incarnation drains everything
        QueueLogTracker tracker = new QueueLogTracker(log.queue(0));
        int usedIdx = driver.ring().usedIdx();
        Recovery r = log.queue(0).recover(usedIdx);
        int usedAfter = Resubmission.run(memory, config, usedIdx, r.heads(), tracker, server);
        Virtqueue q = Virtqueue.open(memory, config, new QueueState(r.lastAvailIdx(), true, usedAfter, true), tracker);
        for (DescriptorChain c; (c = q.pop()) != null; ) q.pushUsed(c.head(), server.serve(c));
        reap();
        log.close();

        assertEquals(driver.availIdx(), reaped, "every request submitted was completed to the driver");
        assertTrue(served.containsAll(submitted), "a request was never served");
    }
}
