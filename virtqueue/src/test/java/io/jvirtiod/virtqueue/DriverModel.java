package io.jvirtiod.virtqueue;

import io.jvirtiod.mock.MockDriver;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.Arrays;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * The driver half of a virtqueue, doing what Linux's drivers/virtio/virtio_ring.c does: add buffers, publish
 * them, decide whether to kick by the device's suppression state, enable/disable used-buffer callbacks, and reap
 * used buffers, checking each comes back once with the length the device wrote. Subclasses put a mock driver
 * (io.jvirtiod.mock) under Linux's notification logic.
 *
 * <p>Buffers live in per-submission areas of {@link #AREA} bytes (indirect table first, then the buffers); the
 * area pool lies across the region split of {@link GuestRam}, so some buffers straddle two host mappings.
 */
abstract class DriverModel {
    static final int MAX_DESCRIPTORS = 8;
    static final int MAX_BUFFER = 100;
    static final long AREA = 16L * MAX_DESCRIPTORS + (long) MAX_DESCRIPTORS * MAX_BUFFER;

    /** One submitted chain, as the driver remembers it. */
    static final class Submission {
        int id;
        int area;
        long token;
        ChainShape shape;
        long[] readAddr = new long[MAX_DESCRIPTORS];
        long[] writeAddr = new long[MAX_DESCRIPTORS];
        int slots;           // ring slots (packed) or descriptors (split) it took
        int expectedLength = -1;
    }

    final GuestRam ram;
    final MockDriver driver;
    final int size;
    final boolean eventIdx;
    final long areaBase;
    private final ArrayDeque<Integer> freeAreas = new ArrayDeque<>();
    final Submission[] byId;
    long submitted;
    long reaped;
    int outstanding;

    DriverModel(GuestRam ram, MockDriver driver, boolean eventIdx, long areaBase, int areas) {
        this.ram = ram;
        this.driver = driver;
        this.size = driver.size();
        this.eventIdx = eventIdx;
        this.areaBase = areaBase;
        for (int i = 0; i < areas; i++) freeAreas.add(i);
        this.byId = new Submission[size];
    }

    static long bytesFor(int areas) {
        return areas * AREA;
    }

    /** Adds one chain if there is room (free descriptors/slots/ids and an area); returns its id or -1. */
    final int add(ChainShape shape, long token) {
        if (freeAreas.isEmpty() || !driver.hasRoom(shape.indirect() ? 1 : shape.descriptors())) return -1;
        Submission s = new Submission();
        s.area = freeAreas.poll();
        s.token = token;
        s.shape = shape;
        long at = areaBase + s.area * AREA + 16L * MAX_DESCRIPTORS;
        long k = 0;
        for (int i = 0; i < shape.readable().length; i++) {
            s.readAddr[i] = at;
            for (int b = 0; b < shape.readable()[i]; b++) ram.putByte(at + b, readByte(token, k++));
            at += shape.readable()[i];
        }
        for (int i = 0; i < shape.writable().length; i++) {
            s.writeAddr[i] = at;
            at += shape.writable()[i];
        }
        if (shape.indirect()) {
            long table = areaBase + s.area * AREA;
            MemorySegment entries = indirectTable(s);
            for (long i = 0; i < entries.byteSize(); i++) { // byte by byte: the table may straddle the split
                ram.putByte(table + i, entries.get(JAVA_BYTE, i));
            }
            s.id = driver.addIndirect(table, shape.descriptors());
        } else {
            s.id = driver.add(addresses(s), lengths(s), shape.readable().length);
        }
        placed(s);
        if (byId[s.id] != null) throw new AssertionError("driver model reused id " + s.id);
        byId[s.id] = s;
        submitted++;
        outstanding++;
        return s.id;
    }

    /** Guest address and length of descriptor {@code j} of the chain (device-readable ones first). */
    static long address(Submission s, int j) {
        int r = s.shape.readable().length;
        return j < r ? s.readAddr[j] : s.writeAddr[j - r];
    }

    static int length(Submission s, int j) {
        int r = s.shape.readable().length;
        return j < r ? s.shape.readable()[j] : s.shape.writable()[j - r];
    }

    private static long[] addresses(Submission s) {
        long[] a = new long[s.shape.descriptors()];
        for (int j = 0; j < a.length; j++) a[j] = address(s, j);
        return a;
    }

    private static int[] lengths(Submission s) {
        int[] l = new int[s.shape.descriptors()];
        for (int j = 0; j < l.length; j++) l[j] = length(s, j);
        return l;
    }

    static byte readByte(long token, long k) {
        return (byte) (token * 31 + k);
    }

    static byte writtenByte(long token, long k) {
        return (byte) (token * 7 + k + 3);
    }

    /** The driver's own copy of vring_need_event (linux/virtio_ring.h), independent of the engine's. */
    static boolean needEvent(int eventIdx, int newIdx, int old) {
        char sinceEvent = (char) (newIdx - eventIdx - 1); // (__u16) casts: char is Java's unsigned 16-bit
        char sinceOld = (char) (newIdx - old);
        return sinceEvent < sinceOld;
    }

    /** The chain's indirect table in the ring's descriptor format (§2.7.5.3, §2.8.19). */
    abstract MemorySegment indirectTable(Submission s);

    /** Counts a chain the mock driver placed (not yet published on a split ring) and sets its slots. */
    abstract void placed(Submission s);

    /** Makes everything added visible to the device (split: avail->idx with release; packed: already done). */
    abstract void publish();

    /** Linux virtqueue_kick_prepare: whether to notify the device for what was added since the last call. */
    abstract boolean kickPrepare();

    /** Ring counter of published entries (split) or slots (packed), as a linear count, for the kick oracle. */
    abstract long publishedLinear();

    /** Reaps used buffers, verifying each; returns how many. */
    abstract int reap();

    /** Linux virtqueue_enable_cb_prepare + poll: returns true when used buffers are already pending. */
    abstract boolean enableCallbacks();

    abstract void disableCallbacks();

    /** Linear position (entries or slots) at which the driver asked for an interrupt when it enabled callbacks. */
    abstract long reapedLinear();

    /** The device finished {@code id}: called by the test's device before it pushes, with the length it wrote. */
    final void expect(int id, int length) {
        byId[id].expectedLength = length;
    }

    /** Checks a used element and releases the submission. */
    final Submission complete(int id, int len) {
        if (id < 0 || id >= size || byId[id] == null) throw new AssertionError("used id " + id + " was not outstanding");
        Submission s = byId[id];
        if (len != s.expectedLength) {
            throw new AssertionError("used id " + id + " len " + len + ", device wrote " + s.expectedLength);
        }
        long k = 0;
        for (int i = 0; i < s.shape.writable().length && k < len; i++) {
            for (int b = 0; b < s.shape.writable()[i] && k < len; b++, k++) {
                byte got = ram.getByte(s.writeAddr[i] + b);
                if (got != writtenByte(s.token, k)) {
                    throw new AssertionError("id " + id + " byte " + k + " is " + got + " not " + writtenByte(s.token, k));
                }
            }
        }
        byId[id] = null;
        freeAreas.add(s.area);
        reaped++;
        outstanding--;
        return s;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(size " + size + ", eventIdx " + eventIdx + ", submitted " + submitted
                + ", reaped " + reaped + ", outstanding " + outstanding + ", ids " + Arrays.stream(byId).filter(java.util.Objects::nonNull).count() + ")";
    }
}
