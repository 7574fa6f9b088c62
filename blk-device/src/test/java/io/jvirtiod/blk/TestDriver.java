package io.jvirtiod.blk;

import io.jvirtiod.mock.SplitDriver;
import io.jvirtiod.mock.SplitRing;
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

/**
 * The block device's guest: places one chain of buffers (a gap after each, to catch overruns) with the one mock
 * driver, and lets the real {@link Virtqueue} pop it, so the block device is tested on chains exactly as a guest
 * would build them.
 */
final class TestDriver implements AutoCloseable {
    static final long BASE = 0x10_0000L;
    static final int SIZE = 64;
    private static final long DATA = BASE + 0x10000;

    private final Arena arena = Arena.ofConfined();
    final MemorySegment ram;
    private final SplitDriver driver;
    private final Virtqueue queue;

    /** One buffer of a chain: its bytes (for device-readable ones) or its length (device-writable). */
    record Buf(byte[] bytes, int length, boolean writable, long address) {
        static Buf out(byte[] b) { return new Buf(b, b.length, false, 0); }
        static Buf in(int len) { return new Buf(null, len, true, 0); }
    }

    TestDriver(long ramBytes) throws VirtqueueException {
        ram = arena.allocate(ramBytes, 4096);
        driver = new SplitDriver(ram, BASE, 0, SIZE);
        GuestMemory memory = GuestMemory.of(new GuestRegion(BASE, ram));
        SplitRing r = driver.ring();
        queue = Virtqueue.open(memory, new QueueConfig(SIZE, r.descAddress(), r.availAddress(), r.usedAddress(),
                1L << QueueConfig.FEATURE_VERSION_1), QueueState.INITIAL, InflightTracker.NONE);
    }

    /** Places the chain and makes it available; returns the buffers with their guest addresses. */
    Buf[] submit(Buf... bufs) {
        long nextData = DATA;
        Buf[] placed = new Buf[bufs.length];
        long[] addrs = new long[bufs.length];
        int[] lengths = new int[bufs.length];
        int readable = 0;
        for (int i = 0; i < bufs.length; i++) {
            Buf b = bufs[i];
            long addr = nextData;
            nextData = (nextData + b.length() + 4096 + 511) & ~511L; // a gap between buffers catches overruns
            if (b.bytes() != null) MemorySegment.copy(b.bytes(), 0, ram, ValueLayout.JAVA_BYTE, addr - BASE, b.length());
            else ram.asSlice(addr - BASE, b.length()).fill((byte) 0x5a);
            if (!b.writable() && readable < i) throw new IllegalArgumentException("readable after writable");
            if (!b.writable()) readable = i + 1;
            addrs[i] = addr;
            lengths[i] = b.length();
            placed[i] = new Buf(b.bytes(), b.length(), b.writable(), addr);
        }
        driver.add(addrs, lengths, readable);
        driver.publish();
        return placed;
    }

    /** Pops the chain, lets {@code handler} serve it, completes it; returns the used length reported. */
    int serve(BlkRequestHandler handler) throws VirtqueueException {
        DescriptorChain c = queue.pop();
        if (c == null) throw new AssertionError("no chain available");
        int len = handler.serve(c);
        queue.pushUsed(c.head(), len);
        if (driver.pollUsed() != c.head()) throw new AssertionError("the used ring does not return " + c.head());
        int reported = driver.usedLength();
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
