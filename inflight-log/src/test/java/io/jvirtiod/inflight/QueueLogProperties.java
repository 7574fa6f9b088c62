package io.jvirtiod.inflight;

import io.jvirtiod.binding.vhost.VhostInflightDescSplit;
import io.jvirtiod.binding.vhost.VhostInflightQueueSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * Random fetches, batched out-of-order completions and crashes at random points (between calls, in the
 * middle of publishing a batch, in the middle of a fetch), against a model of what the guest saw. After every
 * crash the log is re-read from scratch (re-opened file, or re-attached shared buffer) and recovered: every
 * request fetched and not published as used is resubmitted exactly once, oldest fetch first; nothing
 * published is; the avail position to continue from is exact; the log validates.
 */
class QueueLogProperties {
    private static final int EXAMPLES = 150;

    @TempDir
    Path dir;

    @Test
    void crashesAnywhereLoseNothingAndRepeatNothingInASharedBuffer() {
        qt().withExamples(EXAMPLES)
                .forAll(integers().between(0, 6), integers().between(0, 200),
                        lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 200))
                .checkAssert((log2, start, ops) -> {
                    try (Arena arena = Arena.ofConfined()) {
                        int qs = 1 << log2;
                        MemorySegment shm = arena.allocate(InflightLog.sharedBufferSize(1, qs), 64);
                        run(new Home() {
                            public QueueLog attach() {
                                return InflightLog.overMemory(shm, 1, qs).queue(0);
                            }

                            public void close() {}
                        }, qs, (65480 + start) & 0xffff, ops);
                    }
                });
    }

    @Test
    void crashesAnywhereLoseNothingAndRepeatNothingInALogFile() {
        AtomicInteger n = new AtomicInteger();
        qt().withExamples(EXAMPLES)
                .forAll(integers().between(0, 6), integers().between(0, 200),
                        lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 200))
                .checkAssert((log2, start, ops) -> {
                    int qs = 1 << log2;
                    Path path = dir.resolve("log" + n.incrementAndGet());
                    try {
                        InflightLog.create(path, "blk", 2, qs, 1L << 32).close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    run(new Home() {
                        InflightLog open;

                        public QueueLog attach() {
                            close();
                            try {
                                open = InflightLog.open(path);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                            assertEquals(List.of(), open.queue(1).recover(0).headList(), "queue 1 untouched");
                            return open.queue(0);
                        }

                        public void close() {
                            if (open != null) open.close();
                            open = null;
                        }
                    }, qs, (65480 + start) & 0xffff, ops);
                });
    }

    /** Where the log lives; attach() re-reads it from scratch, as a restarted daemon would. */
    interface Home extends AutoCloseable {
        QueueLog attach();

        @Override
        void close();
    }

    /** What the guest and the daemon did, as far as a restarted daemon may learn it. */
    private static final class Model {
        int ringUsed;                                          // used ring idx in guest memory
        int fetched;                                           // avail ring entries consumed (u16)
        long order;                                            // fetch order
        final Map<Integer, Long> inflight = new LinkedHashMap<>(); // fetched, not used: head -> fetch order
        final List<Integer> batch = new ArrayList<>();         // added to the batch being built

        List<Integer> expectedResubmit() {
            return inflight.entrySet().stream().sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
        }
    }

    private static void run(Home home, int qs, int start, List<Integer> ops) {
        try (home) {
            QueueLog q = home.attach();
            // Start near the 16-bit wrap: the log and the ring agree on `start`.
            VhostInflightQueueSplit.setUsedIdxRelease(q.region(), start);
            if (q.slot() != null) LogHeader.setSlotLastAvailIdxRelease(q.slot(), start);
            Model m = new Model();
            m.ringUsed = start;
            m.fetched = start;
            q = restart(home, m, -1);

            for (int op : ops) {
                int arg = op >>> 3;
                switch (op & 7) {
                    case 0, 1, 2 -> {
                        List<Integer> free = free(m, qs);
                        if (free.isEmpty()) break;
                        int head = free.get(arg % free.size());
                        assertTrue(q.onFetch(head));
                        m.inflight.put(head, m.order++);
                        m.fetched = (m.fetched + 1) & 0xffff;
                        assertEquals(m.fetched, q.lastAvailIdx());
                    }
                    case 3, 4 -> {
                        List<Integer> open = new ArrayList<>(m.inflight.keySet());
                        open.removeAll(m.batch);
                        if (open.isEmpty()) break;
                        int head = open.get(arg % open.size());
                        assertTrue(q.addToBatch(head));
                        m.batch.add(head);
                    }
                    case 5 -> {
                        m.ringUsed = (m.ringUsed + m.batch.size()) & 0xffff; // the guest sees them now
                        q.onBatchPublished(m.ringUsed);
                        m.batch.forEach(m.inflight::remove);
                        m.batch.clear();
                    }
                    case 6 -> q = crash(home, q, m, qs, arg);
                    default -> { // a restart with nothing torn, twice: recovery is repeatable
                        q = restart(home, m, -1);
                        q = restart(home, m, 0);
                    }
                }
            }
            restart(home, m, -1);
        }
    }

    private static List<Integer> free(Model m, int qs) {
        List<Integer> free = new ArrayList<>();
        for (int h = 0; h < qs; h++) if (!m.inflight.containsKey(h)) free.add(h);
        return free;
    }

    /** Dies in one of several places, leaving the stores a kill there would leave, then restarts. */
    private static QueueLog crash(Home home, QueueLog q, Model m, int qs, int arg) {
        MemorySegment r = q.region();
        switch (arg & 3) {
            case 0 -> { /* between calls: a batch being built stays in flight */ }
            case 1 -> {
                if (m.batch.isEmpty()) break;
                // Killed while publishing: the used ring idx was written, then only the first k flags of the
                // batch list (from last_batch_head, newest added first) were cleared, used_idx not written.
                m.ringUsed = (m.ringUsed + m.batch.size()) & 0xffff;
                int k = (arg >>> 2) % (m.batch.size() + 1);
                for (int i = 0; i < k; i++) {
                    int head = m.batch.get(m.batch.size() - 1 - i);
                    VhostInflightDescSplit.setInflight(r, VhostInflightQueueSplit.descOffset(head), 0);
                }
                m.batch.forEach(m.inflight::remove);
                int cleared = m.batch.size() - k;
                m.batch.clear();
                return restart(home, m, cleared);
            }
            case 2, 3 -> {
                List<Integer> free = free(m, qs);
                if (free.isEmpty()) break;
                int head = free.get((arg >>> 2) % free.size());
                // Killed inside onFetch: counter written (newer than every counter), inflight written or not
                // (case 2 / 3), last_avail_idx not yet.
                long newest = 0;
                for (int h = 0; h < qs; h++) {
                    newest = Math.max(newest, VhostInflightDescSplit.counter(r, VhostInflightQueueSplit.descOffset(h)) + 1);
                }
                long d = VhostInflightQueueSplit.descOffset(head);
                VhostInflightDescSplit.setCounter(r, d, newest);
                bumpNextCounter(q, newest + 1);
                if ((arg & 3) == 2) {
                    VhostInflightDescSplit.setInflightRelease(r, d, 1);
                    m.inflight.put(head, m.order++);
                    m.fetched = (m.fetched + 1) & 0xffff;
                }
            }
            default -> throw new AssertionError();
        }
        m.batch.clear(); // the batch being built is forgotten with the process; its heads are still in flight
        return restart(home, m, -1);
    }

    /** In a log file, keeps "every counter taken is below next_counter" as onFetch's first stores would. */
    private static void bumpNextCounter(QueueLog q, long atLeast) {
        MemorySegment slot = q.slot();
        if (slot != null && LogHeader.slotNextCounter(slot) < atLeast) LogHeader.setSlotNextCounter(slot, atLeast);
    }

    /** Re-reads the log from scratch and checks what recovery says against the model. */
    private static QueueLog restart(Home home, Model m, int expectCleared) {
        QueueLog q = home.attach();
        Recovery rec = q.recover(m.ringUsed);
        assertEquals(m.expectedResubmit(), rec.headList(), "resubmitted heads, oldest first");
        assertEquals(m.fetched, rec.lastAvailIdx(), "avail index to continue from");
        assertEquals(m.ringUsed, rec.usedIdx());
        if (expectCleared >= 0) assertEquals(expectCleared, rec.batchCleared(), "half-recorded batch cleared");
        m.batch.clear();
        return q;
    }
}
