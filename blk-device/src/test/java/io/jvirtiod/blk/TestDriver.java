package io.jvirtiod.blk;

import io.jvirtiod.virtqueue.DescriptorChain;
import io.jvirtiod.virtqueue.GuestMemory;
import io.jvirtiod.virtqueue.GuestRegion;
import io.jvirtiod.virtqueue.InflightTracker;
import io.jvirtiod.virtqueue.QueueConfig;
import io.jvirtiod.virtqueue.QueueState;
import io.jvirtiod.virtqueue.Virtqueue;
import io.jvirtiod.virtqueue.VirtqueueException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A minimal split-ring driver over test guest memory: lays out one chain of buffers (descriptors written by its own
 * address arithmetic, not through the engine), makes it available, and lets the real {@link Virtqueue} pop it, so
 * the block device is tested on chains exactly as a guest would build them.
 */
final class TestDriver implements AutoCloseable {
    static final long BASE = 0x10_0000L;
    static final int SIZE = 64;
    private static final long DESC = BASE;
    private static final long AVAIL = BASE + 0x1000;
    private static final long USED = BASE + 0x2000;
    private static final long DATA = BASE + 0x10000;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Arena arena = Arena.ofConfined();
    final MemorySegment ram;
    private final Virtqueue queue;
    private long nextData;
    private int availIdx;

    /** One buffer of a chain: its bytes (for device-readable ones) or its length (device-writable). */
    record Buf(byte[] bytes, int length, boolean writable, long address) {
        static Buf out(byte[] b) { return new Buf(b, b.length, false, 0); }
        static Buf in(int len) { return new Buf(null, len, true, 0); }
    }

    TestDriver(long ramBytes) throws VirtqueueException {
        ram = arena.allocate(ramBytes, 4096);
        GuestMemory memory = GuestMemory.of(new GuestRegion(BASE, ram));
        queue = Virtqueue.open(memory, new QueueConfig(SIZE, DESC, AVAIL, USED, 1L << QueueConfig.FEATURE_VERSION_1),
                QueueState.INITIAL, InflightTracker.NONE);
    }

    /** Places the chain and makes it available; returns the buffers with their guest addresses. */
    Buf[] submit(Buf... bufs) {
        nextData = DATA;
        Buf[] placed = new Buf[bufs.length];
        for (int i = 0; i < bufs.length; i++) {
            Buf b = bufs[i];
            long addr = nextData;
            nextData = (nextData + b.length() + 4096 + 511) & ~511L; // a gap between buffers catches overruns
            if (b.bytes() != null) MemorySegment.copy(b.bytes(), 0, ram, ValueLayout.JAVA_BYTE, addr - BASE, b.length());
            else ram.asSlice(addr - BASE, b.length()).fill((byte) 0x5a);
            long d = DESC - BASE + 16L * i;
            ram.set(U64, d, addr);
            ram.set(U32, d + 8, b.length());
            ram.set(U16, d + 12, (short) ((b.writable() ? 2 : 0) | (i + 1 < bufs.length ? 1 : 0)));
            ram.set(U16, d + 14, (short) (i + 1));
            placed[i] = new Buf(b.bytes(), b.length(), b.writable(), addr);
        }
        ram.set(U16, AVAIL - BASE + 4 + 2L * (availIdx % SIZE), (short) 0);
        availIdx++;
        ram.set(U16, AVAIL - BASE + 2, (short) availIdx);
        return placed;
    }

    /** Pops the chain, lets {@code handler} serve it, completes it; returns the used length reported. */
    int serve(BlkRequestHandler handler) throws VirtqueueException {
        DescriptorChain c = queue.pop();
        if (c == null) throw new AssertionError("no chain available");
        int len = handler.serve(c);
        queue.pushUsed(c.head(), len);
        int usedIdx = ram.get(U16, USED - BASE + 2) & 0xffff;
        int elem = (usedIdx - 1) % SIZE;
        int reported = ram.get(U32, USED - BASE + 4 + 8L * elem + 4);
        if (reported != len) throw new AssertionError("used ring says " + reported + ", handler " + len);
        return len;
    }

    byte[] bytes(Buf b) {
        return ram.asSlice(b.address() - BASE, b.length()).toArray(ValueLayout.JAVA_BYTE);
    }

    byte lastByte(Buf b) {
        return ram.get(ValueLayout.JAVA_BYTE, b.address() - BASE + b.length() - 1);
    }

    /** Whether the byte just after each writable buffer still holds the fill pattern (nothing overran). */
    boolean noOverrun(Buf... bufs) {
        for (Buf b : bufs) {
            if (b.writable() && ram.get(ValueLayout.JAVA_BYTE, b.address() - BASE + b.length()) != 0) return false;
        }
        return true;
    }

    @Override
    public void close() {
        arena.close();
    }
}
