package io.jvirtiod.virtqueue;

import java.lang.foreign.MemorySegment;

/**
 * One buffer the driver made available: its descriptors, device-readable first then device-writable, already
 * validated (ordering, total length, every byte inside guest memory) when the queue handed it out. Why a
 * flyweight: a queue owns one and refills it on every pop, so serving a request allocates nothing; a device that
 * keeps a request past the next pop copies what it needs (at least {@link #head()}).
 *
 * <p>Descriptors {@code 0 .. readableCount()-1} are device-readable, the rest device-writable. Buffers may cross
 * guest memory regions; {@link #read}, {@link #write} and the iovec builders handle that.
 */
public final class DescriptorChain {
    private static final long MAX_TOTAL = 1L << 32; // virtio 1.2 §2.7.5.2

    private final GuestMemory memory;
    private long[] addresses;
    private int[] lengths;
    private int count;
    private int readable;
    private long readableBytes;
    private long writableBytes;
    private int head;

    DescriptorChain(GuestMemory memory, int capacity) {
        this.memory = memory;
        this.addresses = new long[capacity];
        this.lengths = new int[capacity];
    }

    void reset() {
        count = 0;
        readable = 0;
        readableBytes = 0;
        writableBytes = 0;
    }

    void head(int head) {
        this.head = head;
    }

    /** Appends one buffer, enforcing the chain rules every ring shares. */
    void add(long address, int length, boolean writable) throws VirtqueueException {
        if (count == addresses.length) {
            throw new VirtqueueException(QueueError.CHAIN_TOO_LONG, count + 1L,
                    "at most " + addresses.length + " descriptors per chain");
        }
        if (!writable && count > readable) { // virtio 1.2 §2.7.4.2: writable descriptors come last
            throw new VirtqueueException(QueueError.WRITABLE_BEFORE_READABLE, count, "descriptor " + count + " of the chain");
        }
        long len = Integer.toUnsignedLong(length);
        if (readableBytes + writableBytes + len > MAX_TOTAL) {
            throw new VirtqueueException(QueueError.CHAIN_TOO_LARGE, readableBytes + writableBytes + len, "");
        }
        if (!memory.contains(address, len)) {
            throw new VirtqueueException(QueueError.ADDRESS_OUT_OF_RANGE, address,
                    "0x" + Long.toHexString(address) + "+" + len + " is not guest memory");
        }
        addresses[count] = address;
        lengths[count] = length;
        count++;
        if (writable) {
            writableBytes += len;
        } else {
            readable++;
            readableBytes += len;
        }
    }

    /**
     * An empty chain over the same guest memory, for a device that keeps chains past the next pop (a pool of
     * request threads); fill it with {@link #copyFrom}.
     */
    public DescriptorChain spare() {
        return new DescriptorChain(memory, 0);
    }

    /**
     * Makes this chain a copy of {@code src}, which must be over the same guest memory. Grows this chain's
     * arrays only when {@code src} is longer than any chain copied here before, so a reused spare allocates
     * nothing once warm.
     */
    public void copyFrom(DescriptorChain src) {
        if (src.memory != memory) throw new IllegalArgumentException("the chains are over different guest memory");
        if (addresses.length < src.count) {
            addresses = new long[src.count];
            lengths = new int[src.count];
        }
        System.arraycopy(src.addresses, 0, addresses, 0, src.count);
        System.arraycopy(src.lengths, 0, lengths, 0, src.count);
        count = src.count;
        readable = src.readable;
        readableBytes = src.readableBytes;
        writableBytes = src.writableBytes;
        head = src.head;
    }

    /** The id the device returns in the used ring: the head descriptor index (split) or buffer id (packed). */
    public int head() {
        return head;
    }

    public int count() {
        return count;
    }

    public int readableCount() {
        return readable;
    }

    public int writableCount() {
        return count - readable;
    }

    /** Total bytes of the device-readable buffers. */
    public long readableLength() {
        return readableBytes;
    }

    /** Total bytes of the device-writable buffers. */
    public long writableLength() {
        return writableBytes;
    }

    /** Guest address of descriptor {@code i}. */
    public long address(int i) {
        check(i);
        return addresses[i];
    }

    /** Length of descriptor {@code i}, in bytes. */
    public long length(int i) {
        check(i);
        return Integer.toUnsignedLong(lengths[i]);
    }

    public boolean isWritable(int i) {
        check(i);
        return i >= readable;
    }

    /** Descriptor {@code i} as one host slice, or null when it straddles two regions (use read/write then). */
    public MemorySegment segment(int i) {
        check(i);
        return memory.translateOrNull(addresses[i], Integer.toUnsignedLong(lengths[i]));
    }

    /**
     * Copies the readable bytes from byte {@code offset} of the readable part into {@code dst}, as many as fit;
     * returns how many were copied.
     */
    public long read(long offset, MemorySegment dst) {
        return transfer(0, readable, offset, dst, false);
    }

    /**
     * Copies {@code src} into the writable part from byte {@code offset}, as much as fits; returns how many bytes
     * were written (what the device reports as the used length when this is all it writes).
     */
    public long write(long offset, MemorySegment src) {
        return transfer(readable, count, offset, src, true);
    }

    private long transfer(int from, int to, long offset, MemorySegment heap, boolean toGuest) {
        long want = heap.byteSize();
        long done = 0;
        for (int i = from; i < to && done < want; i++) {
            long len = Integer.toUnsignedLong(lengths[i]);
            if (offset >= len) {
                offset -= len;
                continue;
            }
            long n = Math.min(len - offset, want - done);
            if (toGuest) memory.copyIn(heap, done, addresses[i] + offset, n);
            else memory.copyOut(addresses[i] + offset, heap, done, n);
            done += n;
            offset = 0;
        }
        return done;
    }

    /**
     * Fills {@code iov} with the host pieces of the readable buffers for readv/writev-style calls; returns the
     * entry count, or -1 when more than {@code maxEntries} are needed. Guest memory must be native.
     */
    public int readableIovecs(MemorySegment iov, int maxEntries) {
        return iovecs(0, readable, iov, maxEntries);
    }

    /** As {@link #readableIovecs} for the writable buffers. */
    public int writableIovecs(MemorySegment iov, int maxEntries) {
        return iovecs(readable, count, iov, maxEntries);
    }

    private int iovecs(int from, int to, MemorySegment iov, int maxEntries) {
        int n = 0;
        for (int i = from; i < to && n >= 0; i++) {
            n = memory.iovecs(addresses[i], Integer.toUnsignedLong(lengths[i]), iov, n, maxEntries);
        }
        return n;
    }

    private void check(int i) {
        if (i < 0 || i >= count) throw new IndexOutOfBoundsException("descriptor " + i + " of a chain of " + count);
    }
}
