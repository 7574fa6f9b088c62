package io.jvirtiod.inflight;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-request calls (fetch, add to batch, publish) allocate nothing once warm. */
class PerRequestAllocationTest {
    private static final int QS = 256;

    @TempDir
    Path dir;

    private static int cycle(QueueLog q, int used) {
        for (int h = 0; h < QS; h++) q.onFetch(h);
        for (int h = QS - 1; h >= 0; h -= 8) {
            for (int i = 0; i < 8; i++) q.addToBatch(h - i);
            used = (used + 8) & 0xffff;
            q.onBatchPublished(used);
        }
        return used;
    }

    @Test
    void fetchingAndCompletingAllocatesNothing() throws IOException {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        try (InflightLog log = InflightLog.create(dir.resolve("log"), "blk", 1, QS, 0)) {
            QueueLog q = log.queue(0);
            int used = 0;
            for (int i = 0; i < 2_000; i++) used = cycle(q, used); // warm up (JIT)
            long before = threads.getThreadAllocatedBytes(self);
            for (int i = 0; i < 1_000; i++) used = cycle(q, used);
            long allocated = threads.getThreadAllocatedBytes(self) - before;
            // 1000 cycles = 256,000 requests; allow a stray allocation of the measurement itself
            assertTrue(allocated < 4096, allocated + " bytes allocated for 256,000 requests");
        }
    }
}
