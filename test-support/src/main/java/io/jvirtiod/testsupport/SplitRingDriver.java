package io.jvirtiod.testsupport;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Duration;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * The driver side of one split virtqueue (virtio 1.2 §2.7) over a piece of "guest RAM" that a device under test
 * also sees (a shared memfd mapping, or any native segment): lays out the rings, places chains of buffers,
 * publishes them in the avail ring and collects used elements. Why in test-support: transports (vhost-user,
 * VDUSE) and devices (virtio-fs, virtio-blk) are tested end to end against the same simple, spec-shaped driver.
 * Single-threaded; buffers come from a bump allocator, reset with {@link #resetBuffers}.
 */
public final class SplitRingDriver {
    // virtio 1.x rings are little-endian (§2.4)
    private static final ValueLayout.OfShort U16 = JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle U16_ATOMIC = JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final int F_NEXT = 1;
    private static final int F_WRITE = 2;

    private final MemorySegment ram;
    private final long ramBase;
    private final int size;
    private final long desc;
    private final long avail;
    private final long used;
    private final long buffersStart;
    private long nextBuffer;
    private int nextDesc;
    private int availIdx;
    private int lastUsed;

    /**
     * @param ram       the guest memory the rings and buffers live in
     * @param ramBase   the guest address of {@code ram}'s first byte
     * @param ringAt    offset in {@code ram} for the rings (4 KiB aligned); buffers follow them
     * @param size      queue size (a power of 2)
     */
    public SplitRingDriver(MemorySegment ram, long ramBase, long ringAt, int size) {
        this.ram = ram;
        this.ramBase = ramBase;
        this.size = size;
        this.desc = ringAt;
        this.avail = desc + 16L * size;
        this.used = align(avail + 6 + 2L * size, 4);
        this.buffersStart = align(used + 6 + 8L * size, 4096);
        this.nextBuffer = buffersStart;
        ram.asSlice(desc, buffersStart - desc).fill((byte) 0);
    }

    private static long align(long v, long a) {
        return (v + a - 1) & -a;
    }

    public int size() {
        return size;
    }

    /** Guest addresses of the descriptor table, avail ring and used ring (for the transport's ring setup). */
    public long descAddress() {
        return ramBase + desc;
    }

    public long availAddress() {
        return ramBase + avail;
    }

    public long usedAddress() {
        return ramBase + used;
    }

    /** Offsets in the RAM segment of the same (for a front-end that names them by its own mapping). */
    public long descOffset() {
        return desc;
    }

    public long availOffset() {
        return avail;
    }

    public long usedOffset() {
        return used;
    }

    /** A fresh zeroed buffer of {@code bytes} in guest RAM, 8-aligned; its offset in the RAM segment. */
    public long allocate(long bytes) {
        long at = align(nextBuffer, 8);
        if (at + bytes > ram.byteSize()) throw new IllegalStateException("guest RAM exhausted");
        nextBuffer = at + bytes;
        ram.asSlice(at, bytes).fill((byte) 0);
        return at;
    }

    /** Forgets every buffer (call once every chain was used). */
    public void resetBuffers() {
        nextBuffer = buffersStart;
    }

    /** The RAM segment (buffers are read and written through it at the offsets {@link #allocate} returned). */
    public MemorySegment ram() {
        return ram;
    }

    /**
     * Places a chain of buffers given as RAM offsets and lengths, device-readable ones first, and makes it
     * available (avail->idx published with release ordering, §2.7.13); returns its head.
     */
    public int submit(long[] offsets, int[] lengths, int readable) {
        int n = offsets.length;
        int head = nextDesc;
        for (int i = 0; i < n; i++) {
            int d = (head + i) % size;
            long at = desc + 16L * d;
            ram.set(U64, at, ramBase + offsets[i]);
            ram.set(U32, at + 8, lengths[i]);
            int flags = (i >= readable ? F_WRITE : 0) | (i + 1 < n ? F_NEXT : 0);
            ram.set(U16, at + 12, (short) flags);
            ram.set(U16, at + 14, (short) ((d + 1) % size));
        }
        nextDesc = (head + n) % size;
        ram.set(U16, avail + 4 + 2L * (availIdx % size), (short) head);
        availIdx = (availIdx + 1) & 0xffff;
        VarHandle.releaseFence();
        U16_ATOMIC.setRelease(ram, avail + 2, (short) availIdx);
        return head;
    }

    /**
     * Copies each of {@code readable} into a buffer of its own and places them, then the device-writable buffers at
     * RAM offsets {@code writable} of {@code writableLengths} bytes, as one chain (device-readable descriptors
     * first, §2.7.4.2); returns its head. One descriptor per part is how Linux's virtio_fs driver lays out a FUSE
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

    /** used->idx as the device last published it. */
    public int usedIdx() {
        return (short) U16_ATOMIC.getAcquire(ram, used + 2) & 0xffff;
    }

    /** avail->idx as published. */
    public int availIdx() {
        return availIdx;
    }

    /**
     * Waits for the next used element and returns {id, len}; fails after {@code timeout} (the device never
     * completed the chain).
     */
    public int[] awaitUsed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (usedIdx() == lastUsed) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no used element after " + timeout + " (used idx " + lastUsed + ")");
            }
            Thread.sleep(1);
        }
        long at = used + 4 + 8L * (lastUsed % size);
        lastUsed = (lastUsed + 1) & 0xffff;
        return new int[] {ram.get(U32, at), ram.get(U32, at + 4)};
    }
}
