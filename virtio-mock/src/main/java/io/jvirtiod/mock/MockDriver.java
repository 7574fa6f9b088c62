package io.jvirtiod.mock;

import java.lang.foreign.MemorySegment;
import java.time.Duration;

/**
 * The driver side of one virtqueue over a piece of "guest RAM" that a device under test also sees (a shared
 * memfd mapping, a file, or any native segment), as Linux's drivers/virtio/virtio_ring.c does it: places chains
 * of buffers in free descriptors, makes them available, and collects used ones, returning their descriptors.
 * Why one: the queue engine, the devices, the transports and the benchmark are all driven by the same simple,
 * spec-shaped driver (as rust-vmm keeps one mock driver beside its queue), split ({@link SplitDriver}) or packed
 * ({@link PackedDriver}). A test that needs a hostile ring writes it through {@link SplitRing} or
 * {@link PackedRing}. One thread adds and reaps; the device may run on another (publication is release, reaping
 * acquire). Buffers come from a bump allocator after the rings, reset with {@link #resetBuffers}.
 */
public abstract sealed class MockDriver permits SplitDriver, PackedDriver {
    final MemorySegment ram;
    final long ramBase;
    final int size;
    private final long buffersStart;
    private long nextBuffer;
    final boolean[] outstanding;
    int outstandingCount;
    int usedLength;

    MockDriver(MemorySegment ram, long ramBase, long ringEnd, int size) {
        this.ram = ram;
        this.ramBase = ramBase;
        this.size = size;
        this.buffersStart = SplitRing.align(ringEnd, 4096);
        this.nextBuffer = buffersStart;
        this.outstanding = new boolean[size];
    }

    public int size() {
        return size;
    }

    /** The RAM segment (buffers are read and written through it at the offsets {@link #allocate} returned). */
    public MemorySegment ram() {
        return ram;
    }

    /** The guest address of RAM offset {@code offset}. */
    public long address(long offset) {
        return ramBase + offset;
    }

    /** A fresh zeroed buffer of {@code bytes} in guest RAM, 8-aligned; its offset in the RAM segment. */
    public long allocate(long bytes) {
        long at = SplitRing.align(nextBuffer, 8);
        if (at + bytes > ram.byteSize()) throw new IllegalStateException("guest RAM exhausted at " + at);
        nextBuffer = at + bytes;
        ram.asSlice(at, bytes).fill((byte) 0);
        return at;
    }

    /** Forgets every buffer (call once every chain was used). */
    public void resetBuffers() {
        nextBuffer = buffersStart;
    }

    /** Whether a chain of {@code descriptors} direct descriptors fits now (free descriptors, slots and ids). */
    public abstract boolean hasRoom(int descriptors);

    /**
     * Places a chain of the buffers at guest addresses {@code addrs}, {@code lengths[i]} bytes each, the first
     * {@code readable} device-readable and the rest device-writable (§2.7.4.2, §2.8.4.2); returns its id (split:
     * the head descriptor). Split: not visible until {@link #publish}; packed: visible at once.
     */
    public abstract int add(long[] addrs, int[] lengths, int readable);

    /**
     * Places a chain of one descriptor pointing at an indirect table of {@code count} descriptors the caller wrote
     * at guest address {@code table} (§2.7.5.3, §2.8.19); returns its id.
     */
    public abstract int addIndirect(long table, int count);

    /** Makes every chain added so far visible to the device (split: avail->idx, with release). */
    public abstract void publish();

    /**
     * Takes the next used chain if the device returned one (read with acquire), checks its id was outstanding,
     * frees its descriptors; returns the id, or -1 when there is none. Its length is {@link #usedLength}.
     */
    public abstract int pollUsed();

    /** The length the device wrote into the chain {@link #pollUsed} returned last. */
    public int usedLength() {
        return usedLength;
    }

    /** Chains added and not yet used. */
    public int outstanding() {
        return outstandingCount;
    }

    final void taken(int id) {
        outstanding[id] = true;
        outstandingCount++;
    }

    final void returned(int id, int len) {
        if (id < 0 || id >= size || !outstanding[id]) {
            throw new AssertionError("used id " + id + " was not outstanding"); // §2.7.8, §2.8.21.2
        }
        outstanding[id] = false;
        outstandingCount--;
        usedLength = len;
    }

    /**
     * Places a chain of buffers given as RAM offsets and lengths, device-readable ones first, and makes it
     * available; returns its id.
     */
    public int submit(long[] offsets, int[] lengths, int readable) {
        long[] addrs = new long[offsets.length];
        for (int i = 0; i < offsets.length; i++) addrs[i] = ramBase + offsets[i];
        int id = add(addrs, lengths, readable);
        publish();
        return id;
    }

    /**
     * Copies each of {@code readable} into a buffer of its own and places them, then the device-writable buffers at
     * RAM offsets {@code writable} of {@code writableLengths} bytes, as one chain (device-readable descriptors
     * first, §2.7.4.2); returns its id. One descriptor per part is how Linux's virtio_fs driver lays out a FUSE
     * request, so the virtio-fs and vhost-user suites both build theirs with it.
     */
    public int submit(byte[][] readable, long[] writable, int[] writableLengths) {
        int n = readable.length + writable.length;
        long[] offsets = new long[n];
        int[] lengths = new int[n];
        for (int i = 0; i < readable.length; i++) {
            offsets[i] = allocate(readable[i].length);
            lengths[i] = readable[i].length;
            MemorySegment.copy(MemorySegment.ofArray(readable[i]), 0, ram, offsets[i], readable[i].length);
        }
        System.arraycopy(writable, 0, offsets, readable.length, writable.length);
        System.arraycopy(writableLengths, 0, lengths, readable.length, writable.length);
        return submit(offsets, lengths, readable.length);
    }

    /**
     * Waits for the next used chain and returns {id, len}; fails after {@code timeout} (the device never
     * completed the chain).
     */
    public int[] awaitUsed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int id;
        while ((id = pollUsed()) < 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no used chain after " + timeout + " (" + this + ")");
            }
            Thread.sleep(1);
        }
        return new int[] {id, usedLength};
    }
}
