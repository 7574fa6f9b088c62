package io.jvirtiod.inflight;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/** Test surgery on a closed log file: edits its bytes as corruption (or a crash) would. */
final class LogFile {
    private LogFile() {}

    /** Applies {@code edit} to the whole file mapped read-write. */
    static void edit(Path path, Consumer<MemorySegment> edit) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
             Arena a = Arena.ofConfined()) {
            edit.accept(ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size(), a));
        }
    }

    /** Applies {@code edit} and re-seals the header checksum, so checks behind the checksum are reached. */
    static void editSealed(Path path, Consumer<MemorySegment> edit) throws IOException {
        edit(path, m -> {
            edit.accept(m);
            m.set(JAVA_INT, LogHeader.OFFSET_CRC, LogHeader.crc(m));
        });
    }

    /** Queue {@code q}'s region in a mapped file. */
    static MemorySegment region(MemorySegment file, int q) {
        int numQueues = LogHeader.numQueues(file);
        int queueSize = LogHeader.queueSize(file);
        long stride = InflightLog.sharedBufferSize(1, queueSize);
        return file.asSlice(LogHeader.headerSize(numQueues) + q * stride, stride);
    }

    /** Queue {@code q}'s resume slot in a mapped file. */
    static MemorySegment slot(MemorySegment file, int q) {
        return file.asSlice(LogHeader.slotOffset(q), LogHeader.SLOT_SIZE);
    }
}
