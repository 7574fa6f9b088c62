package io.jvirtiod.virtqueue;

import java.lang.foreign.MemorySegment;

/**
 * What split and packed rings share: the chain flyweight, per-id in-flight state, the batch of staged completions,
 * the in-flight hooks and fetch counter, and the sticky error that marks a queue the driver broke. Why a base
 * class: the rings differ in layout, not in these rules, which must hold identically for both.
 */
abstract class QueueCore {
    private static final byte HELD = 1;      // fetched, the device works on it
    private static final byte COMPLETED = 2; // used element written, not yet published: still not the driver's

    final GuestMemory memory;
    final int size;
    final boolean eventIdx;
    final boolean indirect;
    final int maxIndirect;
    final InflightTracker tracker;
    final DescriptorChain chain;
    private final byte[] owner;     // by head (split) or buffer id (packed): 0 while the driver owns it
    final int[] batch;              // heads of the staged completions
    private final MemorySegment scratch; // an indirect table that straddles two regions, copied

    int staged;                     // completions written but not published
    int signalledUsed;              // the used counter at the last needsInterrupt()
    boolean signalledValid;         // false after open/restore: signal once rather than risk a lost interrupt
    boolean notifying = true;       // the device asked for kicks
    private long fetchCounter = 1;
    private VirtqueueException error;

    QueueCore(GuestMemory memory, QueueConfig config, InflightTracker tracker) {
        this.memory = memory;
        this.size = config.size();
        this.eventIdx = config.eventIdx();
        this.indirect = config.indirect();
        this.maxIndirect = Math.max(size, Virtqueue.MAX_INDIRECT_ENTRIES);
        this.tracker = tracker;
        this.chain = new DescriptorChain(memory, maxIndirect);
        this.owner = new byte[size];
        this.batch = new int[size];
        this.scratch = MemorySegment.ofArray(new long[maxIndirect * 2]);
    }

    /** Translates a ring area, which must be aligned (host side too, for atomic access) and in one region. */
    static MemorySegment ring(GuestMemory memory, long address, long bytes, int align, String what)
            throws VirtqueueException {
        MemorySegment s = memory.translateOrNull(address, bytes);
        if ((address & (align - 1)) != 0 || s == null || (s.address() & (align - 1)) != 0) {
            throw new VirtqueueException(QueueError.RING_ADDRESS_INVALID, address, what + " of " + bytes
                    + " bytes must be " + align + "-aligned inside one guest memory region");
        }
        return s;
    }

    /** vring_need_event (linux/virtio_ring.h): did moving an index from {@code old} to {@code now} pass {@code event}? */
    static boolean needEvent(int event, int now, int old) {
        return ((now - event - 1) & 0xffff) < ((now - old) & 0xffff);
    }

    public final int size() {
        return size;
    }

    /** The next chain, or null; a driver error is remembered and thrown again by every later call. */
    public final DescriptorChain pop() throws VirtqueueException {
        if (error != null) throw error;
        try {
            return fetch();
        } catch (VirtqueueException e) {
            error = e;
            throw e;
        }
    }

    /** Fetches and validates the next chain into {@link #chain}, or returns null when none is available. */
    abstract DescriptorChain fetch() throws VirtqueueException;

    /** Marks a validated chain fetched: in flight, reported to the tracker. */
    final DescriptorChain fetched(int head) {
        chain.head(head);
        owner[head] = HELD;
        tracker.onFetch(head, fetchCounter++);
        return chain;
    }

    /**
     * §2.7.13 / §2.8.21: a buffer is the driver's to offer again only once its used element is published (so
     * staged completions never exceed the queue size, whatever the driver does).
     */
    final void checkNotInFlight(int head) throws VirtqueueException {
        if (owner[head] != 0) throw new VirtqueueException(QueueError.BUFFER_ID_IN_FLIGHT, head, "still in use by the device");
    }

    /** Stages the completion of {@code head}; a device completing what it does not hold is a bug. */
    final void complete(int head) {
        if (head < 0 || head >= size || owner[head] != HELD) {
            throw new IllegalArgumentException("id " + head + " is not held by the device");
        }
        owner[head] = COMPLETED;
        batch[staged++] = head;
    }

    /** The staged batch is published: its buffers belong to the driver again. */
    final void released(int n) {
        for (int i = 0; i < n; i++) owner[batch[i]] = 0;
        staged = 0;
    }

    /** Marks a resubmitted head held again (after a restart). */
    final void hold(int head) {
        owner[head] = HELD;
    }

    /** Validates and translates an indirect table (virtio 1.2 §2.7.5.3, §2.8.7). */
    final MemorySegment indirectTable(long addr, int len, long entrySize) throws VirtqueueException {
        long bytes = Integer.toUnsignedLong(len);
        if (bytes == 0 || bytes % entrySize != 0 || bytes / entrySize > maxIndirect) {
            throw new VirtqueueException(QueueError.INDIRECT_TABLE_SIZE, bytes,
                    "a multiple of " + entrySize + " bytes, at most " + maxIndirect + " entries");
        }
        MemorySegment table = memory.translateOrNull(addr, bytes);
        if (table != null) return table;
        if (!memory.contains(addr, bytes)) {
            throw new VirtqueueException(QueueError.ADDRESS_OUT_OF_RANGE, addr,
                    "indirect table 0x" + Long.toHexString(addr) + "+" + bytes + " is not guest memory");
        }
        memory.copyOut(addr, scratch, 0, bytes); // straddles two adjacent regions (rare): read a copy
        return scratch.asSlice(0, bytes);
    }

    /** The error to throw from calls that need a working ring, if the driver broke it. */
    final void checkNotBroken() throws VirtqueueException {
        if (error != null) throw error;
    }

    public final VirtqueueException error() {
        return error;
    }

    public final void fetchCounter(long next) {
        fetchCounter = next;
    }
}
