package io.jvirtiod.inflight;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * Arbitrary damage to a log (bytes changed anywhere, the file cut anywhere) and arbitrary used ring indexes
 * never make opening or recovering throw anything but {@link InflightLogCorruptException}, nor touch memory
 * out of bounds: a corrupt log is a clear report, never a crash.
 */
class CorruptLogProperties {
    private static final int QS = 8;
    /** The pristine log's queue 0 published 2 used entries and was building a batch of one more. */
    private static final int TRUE_USED_IDX = 2;

    @TempDir
    Path dir;

    private Path pristine() throws IOException {
        Path p = dir.resolve("pristine");
        if (Files.exists(p)) return p;
        try (InflightLog log = InflightLog.create(p, "blk0", 2, QS, 1L << 32)) {
            QueueLog q = log.queue(0);
            for (int h : new int[] {5, 1, 6, 2}) q.onFetch(h);
            q.addToBatch(1);
            q.addToBatch(6);
            q.onBatchPublished(2);
            q.addToBatch(2);
            log.queue(1).onFetch(0);
        }
        return p;
    }

    @Test
    void damagedLogsAreReportedNeverCrash() throws IOException {
        Path source = pristine();
        long size = Files.size(source);
        Path victim = dir.resolve("victim");
        qt().withExamples(400)
                .forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 8),
                        integers().between(0, 0x1ffff), integers().between(0, 3))
                .checkAssert((damage, usedIdx, mode) -> {
                    try {
                        Files.copy(source, victim, StandardCopyOption.REPLACE_EXISTING);
                        try (FileChannel ch = FileChannel.open(victim, StandardOpenOption.READ, StandardOpenOption.WRITE);
                             Arena a = Arena.ofConfined()) {
                            MemorySegment m = ch.map(FileChannel.MapMode.READ_WRITE, 0, size, a);
                            long regions = LogHeader.headerSize(2);
                            for (int d : damage) {
                                // mode 0: the header; 2: the queue regions; 1 (and 3, then cut): anywhere
                                long at = switch (mode) {
                                    case 0 -> (d >>> 8) % regions;
                                    case 2 -> regions + (d >>> 8) % (size - regions);
                                    default -> (d >>> 8) % size;
                                };
                                m.set(JAVA_BYTE, at, (byte) (m.get(JAVA_BYTE, at) ^ (d & 0xff | 1)));
                            }
                        }
                        if (mode == 3) {
                            try (FileChannel ch = FileChannel.open(victim, StandardOpenOption.WRITE)) {
                                ch.truncate(damage.get(0) % size);
                            }
                        }
                        // half the time the used ring idx the log was left with, else any
                        tryToResume(victim, (usedIdx & 1) == 0 ? TRUE_USED_IDX : usedIdx >>> 1);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
        assertTrue(resumed > 0, "no damage was ever harmless: the valid path was not exercised");
    }

    @Test
    void anyUsedRingIndexIsEitherConsistentOrReported() throws IOException {
        Path source = pristine();
        Path victim = dir.resolve("victim2");
        for (int usedIdx : new int[] {TRUE_USED_IDX, TRUE_USED_IDX + 1}) { // as left, and with the batch published
            Files.copy(source, victim, StandardCopyOption.REPLACE_EXISTING);
            tryToResume(victim, usedIdx);
        }
        assertEquals(2, resumed);
        qt().withExamples(200).forAll(integers().between(0, 0xffff)).checkAssert(usedIdx -> {
            try {
                Files.copy(source, victim, StandardCopyOption.REPLACE_EXISTING);
                tryToResume(victim, usedIdx);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    private int reported;
    private int resumed;

    @org.junit.jupiter.api.AfterEach
    void bothOutcomesOccurred() {
        System.out.println(getClass().getSimpleName() + ": " + reported + " reported corrupt, " + resumed + " resumed");
        if (reported == 0) throw new AssertionError("no damage was ever detected: the property proves nothing");
    }

    private void tryToResume(Path path, int usedIdx) throws IOException {
        try (InflightLog log = InflightLog.open(path)) {
            for (int q = 0; q < log.numQueues(); q++) {
                Recovery r = log.queue(q).recover(q == 0 ? usedIdx : 0);
                for (int h : r.heads()) {
                    if (h < 0 || h >= QS) throw new AssertionError("resubmits head " + h + " outside the table");
                }
                List<Integer> heads = r.headList();
                if (heads.stream().distinct().count() != heads.size()) {
                    throw new AssertionError("resubmits a head twice: " + heads);
                }
            }
            resumed++;
        } catch (InflightLogCorruptException expected) {
            reported++;
            if (expected.getMessage() == null || expected.field() == null) throw new AssertionError(expected);
        }
    }
}
