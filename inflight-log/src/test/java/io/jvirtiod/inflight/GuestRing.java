package io.jvirtiod.inflight;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Simulated guest memory for the crash test, in a file both processes map MAP_SHARED: the driver's avail
 * ring, the device's used ring, and per head the id of the request it carries (standing in for the
 * descriptor's buffer). It outlives the killed daemon exactly as a guest's memory does.
 */
final class GuestRing implements AutoCloseable {
    static final int QS = 64;
    private static final long AVAIL_IDX = 0;                  // u16, written by the driver (release)
    private static final long USED_IDX = 64;                  // u16, written by the device (release)
    private static final long AVAIL_RING = 128;               // u16[QS]
    private static final long USED_RING = AVAIL_RING + 2 * QS; // {u32 id, u32 len}[QS]
    private static final long REQUEST = USED_RING + 8 * QS;   // u64[QS]: request id carried by each head
    static final long SIZE = REQUEST + 8 * QS;

    private static final VarHandle U16 = JAVA_SHORT.varHandle();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment m;

    private GuestRing(Path path, boolean create) throws IOException {
        try (FileChannel ch = create
                ? FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            m = ch.map(FileChannel.MapMode.READ_WRITE, 0, SIZE, arena);
        }
    }

    static GuestRing create(Path path) throws IOException {
        return new GuestRing(path, true);
    }

    static GuestRing open(Path path) throws IOException {
        return new GuestRing(path, false);
    }

    int availIdx() {
        return ((short) U16.getAcquire(m, AVAIL_IDX)) & 0xffff;
    }

    int availEntry(int idx) {
        return m.get(JAVA_SHORT, AVAIL_RING + 2L * (idx % QS)) & 0xffff;
    }

    /** Driver: makes {@code head}, carrying request {@code id}, available at position {@code idx}. */
    void makeAvailable(int idx, int head, long id) {
        m.set(JAVA_LONG, REQUEST + 8L * head, id);
        m.set(JAVA_SHORT, AVAIL_RING + 2L * (idx % QS), (short) head);
        U16.setRelease(m, AVAIL_IDX, (short) (idx + 1));
    }

    long request(int head) {
        return m.get(JAVA_LONG, REQUEST + 8L * head);
    }

    int usedIdx() {
        return ((short) U16.getAcquire(m, USED_IDX)) & 0xffff;
    }

    int usedId(int idx) {
        return m.get(JAVA_INT, USED_RING + 8L * (idx % QS));
    }

    int usedLen(int idx) {
        return m.get(JAVA_INT, USED_RING + 8L * (idx % QS) + 4);
    }

    /** Device: writes used element {@code idx} (not yet published). */
    void writeUsed(int idx, int head, int len) {
        m.set(JAVA_INT, USED_RING + 8L * (idx % QS), head);
        m.set(JAVA_INT, USED_RING + 8L * (idx % QS) + 4, len);
    }

    /** Device: publishes used elements up to {@code idx} (virtio 1.2 §2.7.8: elements before idx). */
    void publishUsed(int idx) {
        U16.setRelease(m, USED_IDX, (short) idx);
    }

    @Override
    public void close() {
        arena.close();
    }
}
