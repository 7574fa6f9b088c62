package io.jvirtiod.virtqueue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * Test guest memory: guest addresses {@code [BASE, BASE + size)} split into two regions at {@code split}, backed by
 * two host slices separated by guard zones. The driver models write through their own address arithmetic here
 * (not through GuestMemory), so a translation bug shows up as wrong data, and any write outside the regions shows
 * up as a damaged guard.
 */
final class GuestRam implements AutoCloseable {
    static final long BASE = 0x10_0000L;
    static final long GUARD = 4096;
    private static final byte CANARY = (byte) 0xA5;

    private final Arena arena = Arena.ofConfined();
    final long size;
    final long split;
    final MemorySegment host;
    final GuestMemory memory;

    GuestRam(long size, long split) {
        if (split <= 0 || split > size) throw new IllegalArgumentException("split " + split + " of " + size);
        this.size = size;
        this.split = split;
        this.host = arena.allocate(3 * GUARD + size, 4096);
        host.fill(CANARY);
        host.asSlice(GUARD, split).fill((byte) 0);
        host.asSlice(2 * GUARD + split, size - split).fill((byte) 0);
        MemorySegment first = host.asSlice(GUARD, split);
        memory = split == size ? GuestMemory.of(new GuestRegion(BASE, first))
                : GuestMemory.of(List.of(new GuestRegion(BASE + split, host.asSlice(2 * GUARD + split, size - split)),
                        new GuestRegion(BASE, first)));
    }

    /** The host slice of the first region (guest addresses from BASE), where the rings live. */
    MemorySegment firstRegion() {
        return host.asSlice(GUARD, split);
    }

    /** Host offset of a guest address, by the test's own arithmetic. */
    long hostOffset(long gpa) {
        long g = gpa - BASE;
        if (g < 0 || g >= size) throw new AssertionError("driver model used a non-guest address 0x" + Long.toHexString(gpa));
        return g < split ? GUARD + g : 2 * GUARD + g;
    }

    void put16(long gpa, int v) { putLe(gpa, v, 2); }
    void put32(long gpa, int v) { putLe(gpa, v, 4); }
    void put64(long gpa, long v) { putLe(gpa, v, 8); }
    int get16(long gpa) { return (int) getLe(gpa, 2); }
    int get32(long gpa) { return (int) getLe(gpa, 4); }

    /** Little-endian store byte by byte, so a value straddling the region split lands in both regions. */
    private void putLe(long gpa, long v, int n) {
        for (int i = 0; i < n; i++) putByte(gpa + i, (byte) (v >>> 8 * i));
    }

    private long getLe(long gpa, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v |= (getByte(gpa + i) & 0xffL) << 8 * i;
        return v;
    }

    void putByte(long gpa, byte b) { host.set(ValueLayout.JAVA_BYTE, hostOffset(gpa), b); }
    byte getByte(long gpa) { return host.get(ValueLayout.JAVA_BYTE, hostOffset(gpa)); }

    /** Random bytes over guest {@code [gpa, gpa + len)}. */
    void scribble(long gpa, long len, java.util.Random rnd) {
        for (long i = 0; i < len; i++) putByte(gpa + i, (byte) rnd.nextInt());
    }

    /** Whether every guard byte still holds the canary: nothing wrote outside the guest regions. */
    boolean guardsIntact() {
        return intact(0, GUARD) && intact(GUARD + split, GUARD) && intact(2 * GUARD + size, GUARD);
    }

    private boolean intact(long from, long len) {
        for (long i = from; i < from + len; i += 8) {
            if (host.get(ValueLayout.JAVA_LONG_UNALIGNED, i) != 0xA5A5A5A5A5A5A5A5L) return false;
        }
        return true;
    }

    @Override
    public void close() {
        arena.close();
    }
}
