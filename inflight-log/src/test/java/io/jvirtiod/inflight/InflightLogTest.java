package io.jvirtiod.inflight;

import io.jvirtiod.binding.vhost.VhostInflightDescSplit;
import io.jvirtiod.binding.vhost.VhostInflightH;
import io.jvirtiod.binding.vhost.VhostInflightQueueSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The log file: creation, the exact layout, reopening after a restart, the vhost-user shared buffer. */
class InflightLogTest {
    private static final long FEATURES = (1L << 32) | (1L << 29) | (1L << 9) | 1; // VERSION_1, EVENT_IDX-ish bits

    @TempDir
    Path dir;

    private Path path() {
        return dir.resolve("blk0.inflight");
    }

    @Test
    void aNewLogHasTheDocumentedLayout() throws IOException {
        try (InflightLog log = InflightLog.create(path(), "blk0", 3, 256, FEATURES)) {
            assertEquals(4096, log.regionsOffset());
            assertEquals(1, log.generation());
        }
        byte[] b = Files.readAllBytes(path());
        long stride = 16 + 16 * 256 + 48; // 16 + 4096 = 4112, aligned up to 64 = 4160
        assertEquals(4160, stride);
        assertEquals(4096 + 3 * stride, b.length);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment m = a.allocate(b.length, 8);
            MemorySegment.copy(b, 0, m, JAVA_BYTE, 0, b.length);
            assertEquals("JVIOINFL", new String(b, 0, 8, java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals(1, m.get(JAVA_INT, 8));          // format_version
            assertEquals(LogHeader.crc(m), m.get(JAVA_INT, 12));
            assertEquals(4096, m.get(JAVA_INT, 16));      // header_size
            assertEquals(3, m.get(JAVA_INT, 20));         // num_queues
            assertEquals(256, m.get(JAVA_INT, 24));       // queue_size
            assertEquals((int) stride, m.get(JAVA_INT, 28));
            assertEquals(FEATURES, m.get(JAVA_LONG, 32));
            assertEquals(b.length, m.get(JAVA_LONG, 40)); // file_size
            assertEquals("blk0", new String(b, 48, 4, java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(0, b[52]);
            assertEquals(1, m.get(JAVA_LONG, 384));       // generation
            for (int q = 0; q < 3; q++) {
                long r = 4096 + q * stride;
                assertEquals(0, m.get(JAVA_LONG, r));     // region features
                assertEquals(1, m.get(JAVA_SHORT, r + 8)); // version
                assertEquals(256, m.get(JAVA_SHORT, r + 10)); // desc_num
            }
        }
    }

    @Test
    void theQueueRegionsOfTheFileAreTheSharedBufferLayout() throws IOException {
        try (InflightLog log = InflightLog.create(path(), "blk0", 2, 16, FEATURES)) {
            log.queue(1).onFetch(9);
        }
        byte[] b = Files.readAllBytes(path());
        long regions = LogHeader.headerSize(2);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment shm = a.allocate(InflightLog.sharedBufferSize(2, 16), 64);
            MemorySegment.copy(b, (int) regions, shm, JAVA_BYTE, 0, (int) shm.byteSize());
            InflightLog shared = InflightLog.overMemory(shm, 2, 16);
            assertEquals(List.of(), shared.queue(0).recover(0).headList());
            assertEquals(List.of(9), shared.queue(1).recover(0).headList());
        }
    }

    @Test
    void reopeningCountsAGenerationAndKeepsTheIdentity() throws IOException {
        InflightLog.create(path(), "vduse-blk-ü", 2, 64, FEATURES).close();
        try (InflightLog log = InflightLog.open(path())) {
            assertEquals(2, log.generation());
            assertEquals("vduse-blk-ü", log.deviceName());
            assertEquals(2, log.numQueues());
            assertEquals(64, log.queueSize());
            assertEquals(FEATURES, log.features());
        }
        try (InflightLog log = InflightLog.open(path())) {
            assertEquals(3, log.generation());
        }
    }

    @Test
    void whatWasFetchedBeforeTheProcessWentAwayIsResubmittedAfterOpen() throws IOException {
        try (InflightLog log = InflightLog.create(path(), "blk0", 2, 8, FEATURES)) {
            QueueLog q = log.queue(1);
            q.onFetch(3);
            q.onFetch(1);
            q.onFetch(6);
            q.addToBatch(1);
            q.onBatchPublished(1);
            log.queue(0).onFetch(2);
        }
        try (InflightLog log = InflightLog.open(path())) {
            Recovery r1 = log.queue(1).recover(1);
            assertEquals(List.of(3, 6), r1.headList());
            assertEquals(3, r1.lastAvailIdx());
            assertEquals(List.of(2), log.queue(0).recover(0).headList());
            assertTrue(log.queue(1).onFetch(7));
            assertEquals(4, log.queue(1).lastAvailIdx());
        }
    }

    @Test
    void theResumeSlotTracksLastAvailIdxAndTheCounter() throws IOException {
        try (InflightLog log = InflightLog.create(path(), "blk0", 1, 8, FEATURES)) {
            log.queue(0).onFetch(4);
            log.queue(0).onFetch(5);
        }
        LogFile.edit(path(), m -> {
            MemorySegment slot = LogFile.slot(m, 0);
            assertEquals(2, LogHeader.slotLastAvailIdx(slot));
            assertEquals(2, LogHeader.slotNextCounter(slot));
        });
    }

    @Test
    void aKillBetweenInflightAndLastAvailIdxIsRepaired() throws IOException {
        try (InflightLog log = InflightLog.create(path(), "blk0", 1, 8, FEATURES)) {
            log.queue(0).onFetch(4);
            log.queue(0).onFetch(5);
        }
        LogFile.edit(path(), m -> LogHeader.setSlotLastAvailIdxRelease(LogFile.slot(m, 0), 1));
        try (InflightLog log = InflightLog.open(path())) {
            Recovery r = log.queue(0).recover(0);
            assertEquals(List.of(4, 5), r.headList());
            assertEquals(2, r.lastAvailIdx());
        }
        LogFile.edit(path(), m -> assertEquals(2, LogHeader.slotLastAvailIdx(LogFile.slot(m, 0))));
    }

    @Test
    void aLastAvailIdxThatDisagreesWithTheRingIsReportedCorrupt() throws IOException {
        InflightLog.create(path(), "blk0", 1, 8, FEATURES).close();
        LogFile.edit(path(), m -> LogHeader.setSlotLastAvailIdxRelease(LogFile.slot(m, 0), 5));
        try (InflightLog log = InflightLog.open(path())) {
            var e = assertThrows(InflightLogCorruptException.class, () -> log.queue(0).recover(0));
            assertEquals("queue 0 last_avail_idx", e.field());
            assertEquals("5", e.value());
        }
    }

    @Test
    void aUsedRingIdxThatDoesNotFitTheLogClearsNothing() throws IOException {
        try (InflightLog log = InflightLog.create(path(), "blk0", 1, 8, FEATURES)) {
            QueueLog q = log.queue(0);
            for (int h : new int[] {1, 2, 3}) q.onFetch(h);
            q.addToBatch(3);
            q.addToBatch(2);
        }
        try (InflightLog log = InflightLog.open(path())) {
            // a lying used ring (one ahead of the last batch of 2) is reported, and the records stay as they are
            var e = assertThrows(InflightLogCorruptException.class, () -> log.queue(0).recover(3));
            assertEquals("queue 0 last_avail_idx", e.field());
            assertEquals(List.of(1), log.queue(0).recover(2).headList());
        }
    }

    @Test
    void anInFlightCounterAtOrAboveNextCounterIsReportedCorrupt() throws IOException {
        try (InflightLog log = InflightLog.create(path(), "blk0", 1, 8, FEATURES)) {
            log.queue(0).onFetch(4);
        }
        LogFile.edit(path(), m -> VhostInflightDescSplit.setCounter(LogFile.region(m, 0),
                VhostInflightQueueSplit.descOffset(4), 1));
        try (InflightLog log = InflightLog.open(path())) {
            var e = assertThrows(InflightLogCorruptException.class, () -> log.queue(0).recover(0));
            assertEquals("queue 0 next_counter", e.field());
        }
    }

    @Test
    void createReplacesAnOldLogWhole() throws IOException {
        try (InflightLog log = InflightLog.create(path(), "old", 4, 1024, FEATURES)) {
            log.queue(3).onFetch(1000);
        }
        try (InflightLog log = InflightLog.create(path(), "new", 1, 2, 1)) {
            assertEquals("new", log.deviceName());
            assertEquals(List.of(), log.queue(0).recover(0).headList());
        }
        assertEquals(InflightLog.fileSize(1, 2), Files.size(path()));
        assertFalse(Files.exists(dir.resolve("blk0.inflight.new")));
    }

    @Test
    void badGeometryOrPackedRingsAreRefusedAtCreation() {
        assertThrows(IllegalArgumentException.class, () -> InflightLog.create(path(), "x", 1, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> InflightLog.create(path(), "x", 1, 65536, 0));
        assertThrows(IllegalArgumentException.class, () -> InflightLog.create(path(), "x", 0, 8, 0));
        var e = assertThrows(IllegalArgumentException.class,
                () -> InflightLog.create(path(), "x", 1, 8, 1L << InflightLog.VIRTIO_F_RING_PACKED));
        assertTrue(e.getMessage().contains("VIRTIO_F_RING_PACKED"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> InflightLog.create(path(), "x".repeat(256), 1, 8, 0));
    }

    @Test
    void aLogOpenElsewhereCannotBeOpenedAgain() throws IOException {
        try (InflightLog log = InflightLog.create(path(), "blk0", 1, 8, FEATURES)) {
            var e = assertThrows(IOException.class, () -> InflightLog.open(path()));
            assertTrue(e.getMessage().contains("is locked"), e.getMessage());
        }
        InflightLog.open(path()).close(); // released on close
    }

    @Test
    void aLogStillOpenIsNotReplaced() throws IOException {
        try (InflightLog log = InflightLog.create(path(), "blk0", 1, 8, FEATURES)) {
            log.queue(0).onFetch(5);
            var e = assertThrows(IOException.class, () -> InflightLog.create(path(), "blk0", 1, 8, FEATURES));
            assertTrue(e.getMessage().contains("is locked"), e.getMessage());
            assertFalse(Files.exists(dir.resolve("blk0.inflight.new")));
        }
        try (InflightLog log = InflightLog.open(path())) {
            assertEquals(List.of(5), log.queue(0).recover(0).headList());
        }
    }

    @Test
    void forceSyncsAndCloseTwiceIsHarmless() throws IOException {
        InflightLog log = InflightLog.create(path(), "blk0", 1, 8, FEATURES);
        log.queue(0).onFetch(1);
        log.force();
        log.close();
        log.close();
        try (InflightLog again = InflightLog.open(path())) {
            assertEquals(List.of(1), again.queue(0).recover(0).headList());
        }
    }

    @Test
    void aSharedBufferTooSmallOrMisalignedIsRefused() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment small = a.allocate(InflightLog.sharedBufferSize(2, 8) - 1, 64);
            var e = assertThrows(InflightLogCorruptException.class, () -> InflightLog.overMemory(small, 2, 8));
            assertEquals("mmap_size", e.field());
            MemorySegment odd = a.allocate(InflightLog.sharedBufferSize(1, 8) + 8, 64).asSlice(8);
            assertThrows(IllegalArgumentException.class, () -> InflightLog.overMemory(odd, 1, 8));
        }
    }

    @Test
    void aSharedBufferRegionOfAnotherVersionIsRefused() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment shm = a.allocate(InflightLog.sharedBufferSize(2, 8), 64);
            InflightLog.overMemory(shm, 2, 8);
            MemorySegment q1 = shm.asSlice(VhostInflightH.splitQueueRegionSize(8));
            VhostInflightQueueSplit.setVersionRelease(q1, 2);
            var e = assertThrows(InflightLogCorruptException.class, () -> InflightLog.overMemory(shm, 2, 8));
            assertEquals("queue 1 version", e.field());
        }
    }
}
