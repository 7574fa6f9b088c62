package io.jvirtiod.inflight;

import io.jvirtiod.mock.SplitRing;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Simulated guest memory for the crash test, in a file both processes map MAP_SHARED: a split ring (the mock's
 * {@link SplitRing}) whose driver side is the test and whose device side is the daemon, each head's descriptor
 * carrying the id of its request in place of a buffer address. It outlives the killed daemon exactly as a guest's
 * memory does.
 */
final class GuestRing implements AutoCloseable {
    static final int QS = 64;
    static final long SIZE = SplitRing.bytes(QS);

    private final Arena arena = Arena.ofShared();
    private final SplitRing ring;

    private GuestRing(Path path, boolean create) throws IOException {
        try (FileChannel ch = create
                ? FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MemorySegment m = ch.map(FileChannel.MapMode.READ_WRITE, 0, SIZE, arena);
            ring = new SplitRing(m, 0, 0, QS);
        }
    }

    static GuestRing create(Path path) throws IOException {
        return new GuestRing(path, true);
    }

    static GuestRing open(Path path) throws IOException {
        return new GuestRing(path, false);
    }

    int availIdx() {
        return ring.availIdx();
    }

    int availEntry(int idx) {
        return ring.availEntry(idx);
    }

    /** Driver: makes {@code head}, carrying request {@code id}, available at position {@code idx}. */
    void makeAvailable(int idx, int head, long id) {
        ring.desc(head, id, 0, 0, 0);
        ring.availEntry(idx, head);
        ring.publishAvailIdx(idx + 1);
    }

    long request(int head) {
        return ring.descAddr(head);
    }

    int usedIdx() {
        return ring.usedIdx();
    }

    int usedId(int idx) {
        return ring.usedId(idx);
    }

    int usedLen(int idx) {
        return ring.usedLen(idx);
    }

    /** Device: writes used element {@code idx} (not yet published). */
    void writeUsed(int idx, int head, int len) {
        ring.usedElem(idx, head, len);
    }

    /** Device: publishes used elements up to {@code idx} (virtio 1.2 §2.7.8: elements before idx). */
    void publishUsed(int idx) {
        ring.publishUsedIdx(idx);
    }

    @Override
    public void close() {
        arena.close();
    }
}
