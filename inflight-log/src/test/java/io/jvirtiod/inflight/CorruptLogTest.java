package io.jvirtiod.inflight;

import io.jvirtiod.binding.vhost.VhostInflightDescSplit;
import io.jvirtiod.binding.vhost.VhostInflightQueueSplit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a log can be truncated, foreign or corrupt is reported by field and value, never crashes. */
class CorruptLogTest {
    private static final int QUEUES = 2;
    private static final int QS = 16;

    @TempDir
    Path dir;
    Path path;

    @BeforeEach
    void create() throws IOException {
        path = dir.resolve("log");
        try (InflightLog log = InflightLog.create(path, "blk0", QUEUES, QS, 1L << 32)) {
            log.queue(1).onFetch(3);
            log.queue(1).onFetch(7);
        }
    }

    private InflightLogCorruptException corrupt() {
        return assertThrows(InflightLogCorruptException.class, () -> InflightLog.open(path).close());
    }

    private InflightLogCorruptException afterSealed(Consumer<MemorySegment> edit) throws IOException {
        LogFile.editSealed(path, edit);
        return corrupt();
    }

    private InflightLogCorruptException afterEdit(Consumer<MemorySegment> edit) throws IOException {
        LogFile.edit(path, edit);
        return corrupt();
    }

    private static void assertNames(InflightLogCorruptException e, String field, String value) {
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(value, e.value(), e.getMessage());
        assertTrue(e.getMessage().contains(field) && e.getMessage().contains(value), e.getMessage());
    }

    private void truncate(long length) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            ch.truncate(length);
        }
    }

    @Test
    void aFileCutInsideTheHeaderIsReportedTruncated() throws IOException {
        for (long length : new long[] {511, 100, 8, 1, 0}) {
            truncate(length);
            var e = corrupt();
            assertNames(e, "file length", Long.toString(length));
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void aFileCutInsideTheQueueRegionsIsReportedTruncated() throws IOException {
        long full = InflightLog.fileSize(QUEUES, QS);
        truncate(full - 1);
        var e = corrupt();
        assertNames(e, "file length", Long.toString(full - 1));
        assertTrue(e.getMessage().contains("records " + full), e.getMessage());
    }

    @Test
    void aLongerFileIsReported() throws IOException {
        long full = InflightLog.fileSize(QUEUES, QS);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {0}), full + 4095);
        }
        assertTrue(corrupt().getMessage().contains("extended"));
    }

    @Test
    void aForeignFileIsReportedByItsMagic() throws IOException {
        var e = afterEdit(m -> m.set(JAVA_LONG, 0, 0x7f454c4602010100L));
        assertNames(e, "magic", "0x7f454c4602010100");
        assertTrue(e.getMessage().contains("not a jvirtiod in-flight log"), e.getMessage());
    }

    @Test
    void anotherFormatVersionIsReported() throws IOException {
        assertNames(afterEdit(m -> m.set(JAVA_INT, LogHeader.OFFSET_FORMAT_VERSION, 2)), "format_version", "2");
    }

    @Test
    void everySingleBitFlipInTheHeaderIdentityIsCaught() throws IOException {
        for (long at = 0; at < LogHeader.IDENTITY_SIZE; at++) {
            for (int bit = 0; bit < 8; bit += 3) {
                final long offset = at;
                final int mask = 1 << bit;
                LogFile.edit(path, m -> m.set(JAVA_BYTE, offset, (byte) (m.get(JAVA_BYTE, offset) ^ mask)));
                var e = assertThrows(InflightLogCorruptException.class, () -> InflightLog.open(path).close(),
                        "bit " + bit + " of byte " + at);
                if (at >= 16) assertEquals("crc32c", e.field(), e.getMessage());
                LogFile.edit(path, m -> m.set(JAVA_BYTE, offset, (byte) (m.get(JAVA_BYTE, offset) ^ mask)));
            }
        }
        InflightLog.open(path).close(); // undone: valid again
    }

    @Test
    void aQueueSizeThatIsNotAPowerOfTwoOrTooLargeIsReported() throws IOException {
        assertNames(afterSealed(m -> m.set(JAVA_INT, LogHeader.OFFSET_QUEUE_SIZE, 24)), "queue_size", "24");
        assertNames(afterSealed(m -> m.set(JAVA_INT, LogHeader.OFFSET_QUEUE_SIZE, 65536)), "queue_size", "65536");
        assertNames(afterSealed(m -> m.set(JAVA_INT, LogHeader.OFFSET_QUEUE_SIZE, 0)), "queue_size", "0");
    }

    @Test
    void sizesThatDisagreeWithEachOtherAreReported() throws IOException {
        assertNames(afterSealed(m -> m.set(JAVA_INT, LogHeader.OFFSET_QUEUE_SIZE, 32)), "region_stride", "320");
        create();
        assertNames(afterSealed(m -> m.set(JAVA_INT, LogHeader.OFFSET_NUM_QUEUES, 0)), "num_queues", "0");
        create();
        assertNames(afterSealed(m -> m.set(JAVA_INT, LogHeader.OFFSET_NUM_QUEUES, 3)), "file_size",
                Long.toString(InflightLog.fileSize(QUEUES, QS)));
        create();
        assertNames(afterSealed(m -> m.set(JAVA_INT, LogHeader.OFFSET_HEADER_SIZE, 8192)), "header_size", "8192");
    }

    @Test
    void aDeviceNameWithoutItsTerminatorIsReported() throws IOException {
        var e = afterSealed(m -> m.asSlice(LogHeader.OFFSET_DEVICE_NAME, LogHeader.DEVICE_NAME_MAX).fill((byte) 'a'));
        assertEquals("device_name", e.field());
    }

    @Test
    void packedRingFeaturesAreReported() throws IOException {
        var e = afterSealed(m -> m.set(JAVA_LONG, LogHeader.OFFSET_FEATURES, 1L << 34));
        assertNames(e, "features", "0x400000000");
    }

    @Test
    void nonZeroReservedBytesAreReported() throws IOException {
        assertTrue(afterSealed(m -> m.set(JAVA_BYTE, LogHeader.OFFSET_RESERVED + 3, (byte) 1)).field()
                .startsWith("reserved header byte"));
        create();
        assertTrue(afterEdit(m -> m.set(JAVA_BYTE, 500, (byte) 1)).field().startsWith("reserved header byte"));
        create();
        assertTrue(afterEdit(m -> LogFile.slot(m, 1).set(JAVA_BYTE, 40, (byte) 9)).field()
                .startsWith("queue 1 slot reserved"));
    }

    @Test
    void aGenerationOfZeroIsReported() throws IOException {
        assertNames(afterEdit(m -> m.set(JAVA_LONG, LogHeader.OFFSET_GENERATION, 0)), "generation", "0");
    }

    @Test
    void inflightBytesOtherThanZeroOrOneAreReported() throws IOException {
        for (int bad : new int[] {2, 0x80, 0xff}) {
            var e = afterEdit(m -> VhostInflightDescSplit.setInflight(LogFile.region(m, 1),
                    VhostInflightQueueSplit.descOffset(7), bad));
            assertNames(e, "queue 1 desc[7].inflight", Integer.toString(bad));
            create();
        }
    }

    @Test
    void aNextLinkOutsideTheTableIsReported() throws IOException {
        var e = afterEdit(m -> VhostInflightDescSplit.setNext(LogFile.region(m, 0),
                VhostInflightQueueSplit.descOffset(2), QS));
        assertNames(e, "queue 0 desc[2].next", "16");
    }

    @Test
    void aCounterOutOfRangeIsReported() throws IOException {
        var e = afterEdit(m -> VhostInflightDescSplit.setCounter(LogFile.region(m, 1),
                VhostInflightQueueSplit.descOffset(3), -5));
        assertNames(e, "queue 1 desc[3].counter", Long.toUnsignedString(-5));
        create();
        assertEquals("queue 0 next_counter", afterEdit(m -> LogHeader.setSlotNextCounter(LogFile.slot(m, 0), -1))
                .field());
    }

    @Test
    void nonZeroDescriptorPaddingIsReported() throws IOException {
        var e = afterEdit(m -> LogFile.region(m, 0).set(JAVA_BYTE, VhostInflightQueueSplit.descOffset(1) + 3, (byte) 4));
        assertNames(e, "queue 0 desc[1].padding", "0x40000");
    }

    @Test
    void regionHeaderFieldsOutOfRangeAreReported() throws IOException {
        assertNames(afterEdit(m -> LogFile.region(m, 1).set(JAVA_SHORT, VhostInflightQueueSplit.OFFSET_VERSION,
                (short) 0)), "queue 1 version", "0");
        create();
        assertNames(afterEdit(m -> LogFile.region(m, 1).set(JAVA_SHORT, VhostInflightQueueSplit.OFFSET_VERSION,
                (short) 7)), "queue 1 version", "7");
        create();
        assertNames(afterEdit(m -> VhostInflightQueueSplit.setDescNum(LogFile.region(m, 0), 8)),
                "queue 0 desc_num", "8");
        create();
        assertNames(afterEdit(m -> VhostInflightQueueSplit.setFeatures(LogFile.region(m, 0), 1)),
                "queue 0 features", "0x1");
        create();
        assertNames(afterEdit(m -> VhostInflightQueueSplit.setLastBatchHeadRelease(LogFile.region(m, 0), 0xffff)),
                "queue 0 last_batch_head", "65535");
    }
}
