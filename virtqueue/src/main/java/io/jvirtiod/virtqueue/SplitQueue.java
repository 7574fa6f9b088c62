package io.jvirtiod.virtqueue;

import io.jvirtiod.binding.virtio.VirtioRingH;
import io.jvirtiod.binding.virtio.VringAvail;
import io.jvirtiod.binding.virtio.VringDesc;
import io.jvirtiod.binding.virtio.VringUsed;
import io.jvirtiod.binding.virtio.VringUsedElem;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

import static io.jvirtiod.virtqueue.GuestEndian.U16;
import static io.jvirtiod.virtqueue.GuestEndian.U16_ATOMIC;
import static io.jvirtiod.virtqueue.GuestEndian.U32;
import static io.jvirtiod.virtqueue.GuestEndian.U64;

/**
 * A split virtqueue (virtio 1.2 §2.7): descriptor table, avail ring written by the driver, used ring written by
 * the device. Every driver-supplied index, flag and address is validated before use; a violation throws a
 * {@link VirtqueueException} and leaves the queue broken.
 *
 * <p>Memory ordering: avail->idx is read with acquire before the ring entries and descriptors it publishes;
 * used elements are written before used->idx is stored with release; a full fence separates our index and flag
 * stores from reading the driver's suppression fields (the store-load ordering of §2.7.7 and §2.7.10).
 */
public final class SplitQueue implements Virtqueue {
    private static final int F_NEXT = VirtioRingH.VRING_DESC_F_NEXT;
    private static final int F_WRITE = VirtioRingH.VRING_DESC_F_WRITE;
    private static final int F_INDIRECT = VirtioRingH.VRING_DESC_F_INDIRECT;

    private final GuestMemory memory;
    private final int size;
    private final int mask;
    private final MemorySegment desc;
    private final MemorySegment avail;
    private final MemorySegment used;
    private final boolean eventIdx;
    private final boolean indirect;
    private final int maxIndirect;
    private final InflightTracker tracker;
    private final DescriptorChain chain;
    private final boolean[] inFlight;
    private final int[] batch;
    private final MemorySegment scratch; // an indirect table that straddles two regions, copied

    private int nextAvail;      // last_avail_idx: the next avail ring entry to consume (16-bit, free-running)
    private int knownAvailIdx;  // avail->idx last read; entries up to it need no re-read
    private int usedIdx;        // used->idx as last published
    private int staged;         // completions written after usedIdx but not published
    private int signalledUsed;  // used idx at the last needsInterrupt() (event idx)
    private boolean signalledValid;
    private boolean notifying = true;
    private long fetchCounter = 1;
    private VirtqueueException error;

    SplitQueue(GuestMemory memory, QueueConfig config, QueueState state, InflightTracker tracker)
            throws VirtqueueException {
        int n = config.size();
        if (n <= 0 || n > 32768 || Integer.bitCount(n) != 1) { // virtio 1.2 §2.7: a power of 2, at most 32768
            throw new VirtqueueException(QueueError.QUEUE_SIZE_INVALID, n, "split queue sizes are powers of 2 up to 32768");
        }
        this.memory = memory;
        this.size = n;
        this.mask = n - 1;
        this.desc = ring(memory, config.descTable(), n * VringDesc.SIZE, VirtioRingH.VRING_DESC_ALIGN_SIZE, "descriptor table");
        this.avail = ring(memory, config.driverArea(), VringAvail.sizeOf(n), VirtioRingH.VRING_AVAIL_ALIGN_SIZE, "avail ring");
        this.used = ring(memory, config.deviceArea(), VringUsed.sizeOf(n), VirtioRingH.VRING_USED_ALIGN_SIZE, "used ring");
        this.eventIdx = config.eventIdx();
        this.indirect = config.indirect();
        this.maxIndirect = Math.max(n, MAX_INDIRECT_ENTRIES);
        this.tracker = tracker;
        this.chain = new DescriptorChain(memory, maxIndirect);
        this.inFlight = new boolean[n];
        this.batch = new int[n];
        this.scratch = MemorySegment.ofArray(new long[maxIndirect * 2]);
        this.nextAvail = state.nextAvail();
        this.knownAvailIdx = state.nextAvail();
        this.usedIdx = state.nextUsed();
    }

    /** Translates a ring area, which must be aligned (host side too, for atomic access) and in one region. */
    static MemorySegment ring(GuestMemory memory, long address, long bytes, int align, String what)
            throws VirtqueueException {
        MemorySegment s = memory.translateOrNull(address, bytes);
        if ((address & (align - 1)) != 0 || s == null || (s.address() & (align - 1)) != 0 && s.isNative()) {
            throw new VirtqueueException(QueueError.RING_ADDRESS_INVALID, address, what + " of " + bytes
                    + " bytes must be " + align + "-aligned inside one guest memory region");
        }
        return s;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public DescriptorChain pop() throws VirtqueueException {
        if (error != null) throw error;
        try {
            return fetch();
        } catch (VirtqueueException e) {
            error = e;
            throw e;
        }
    }

    private DescriptorChain fetch() throws VirtqueueException {
        int next = nextAvail;
        if (next == knownAvailIdx) {
            int idx = availIdx();
            int ahead = (idx - next) & 0xffff;
            if (ahead > size) { // virtio 1.2 §2.7.6: the driver cannot have more than size entries outstanding
                throw new VirtqueueException(QueueError.AVAIL_INDEX_AHEAD, idx, "device is at " + next + ", queue size " + size);
            }
            if (ahead == 0) return null;
            knownAvailIdx = idx;
        }
        int head = avail.get(U16, VringAvail.offsetOfRing(next & mask)) & 0xffff;
        if (head >= size) { // virtio 1.2 §2.7.6: ring entries are descriptor table indices
            throw new VirtqueueException(QueueError.DESCRIPTOR_INDEX_OUT_OF_RANGE, head, "avail ring head, queue size " + size);
        }
        if (inFlight[head]) { // virtio 1.2 §2.7.13: a head is the driver's again only once used
            throw new VirtqueueException(QueueError.BUFFER_ID_IN_FLIGHT, head, "head still in use");
        }
        walk(head);
        nextAvail = (next + 1) & 0xffff;
        inFlight[head] = true;
        if (eventIdx && notifying) used.set(U16, VringUsed.offsetOfAvailEvent(size), (short) nextAvail);
        tracker.onFetch(head, fetchCounter++);
        return chain;
    }

    /** Follows a chain from {@code head} through at most one indirect table, filling the flyweight. */
    private void walk(int head) throws VirtqueueException {
        DescriptorChain c = chain;
        c.reset();
        c.head(head);
        MemorySegment table = desc;
        int tableSize = size;
        int seen = 0;
        int i = head;
        boolean inIndirect = false;
        while (true) {
            if (i >= tableSize) {
                throw new VirtqueueException(QueueError.DESCRIPTOR_INDEX_OUT_OF_RANGE, i,
                        (inIndirect ? "indirect table of " : "descriptor table of ") + tableSize);
            }
            if (++seen > tableSize) { // virtio 1.2 §2.7.5.2: no loops; a chain cannot outgrow its table
                throw new VirtqueueException(QueueError.CHAIN_TOO_LONG, seen, "a loop in a table of " + tableSize);
            }
            long at = (long) i * VringDesc.SIZE;
            long addr = table.get(U64, at + VringDesc.OFFSET_ADDR);
            int len = table.get(U32, at + VringDesc.OFFSET_LEN);
            int flags = table.get(U16, at + VringDesc.OFFSET_FLAGS) & 0xffff;
            if ((flags & F_INDIRECT) != 0) {
                if (!indirect) throw new VirtqueueException(QueueError.INDIRECT_NOT_NEGOTIATED, i, "descriptor index");
                if (inIndirect) throw new VirtqueueException(QueueError.NESTED_INDIRECT, i, "indirect table entry");
                if ((flags & F_NEXT) != 0) throw new VirtqueueException(QueueError.INDIRECT_WITH_NEXT, i, "descriptor index");
                table = indirectTable(memory, addr, len, maxIndirect, VringDesc.SIZE, scratch);
                tableSize = (int) (Integer.toUnsignedLong(len) / VringDesc.SIZE);
                inIndirect = true;
                seen = 0;
                i = 0;
                continue;
            }
            c.add(addr, len, (flags & F_WRITE) != 0);
            if ((flags & F_NEXT) == 0) return;
            i = table.get(U16, at + VringDesc.OFFSET_NEXT) & 0xffff;
        }
    }

    /**
     * Validates and translates an indirect table (virtio 1.2 §2.7.5.3, §2.8.7); shared with the packed ring. A
     * table straddling two adjacent regions (rare: contiguous guest memory in two mappings) is copied to
     * {@code scratch}, which holds {@code maxEntries} entries.
     */
    static MemorySegment indirectTable(GuestMemory memory, long addr, int len, int maxEntries, long entrySize,
                                       MemorySegment scratch) throws VirtqueueException {
        long bytes = Integer.toUnsignedLong(len);
        if (bytes == 0 || bytes % entrySize != 0 || bytes / entrySize > maxEntries) {
            throw new VirtqueueException(QueueError.INDIRECT_TABLE_SIZE, bytes,
                    "a multiple of " + entrySize + " bytes, at most " + maxEntries + " entries");
        }
        MemorySegment table = memory.translateOrNull(addr, bytes);
        if (table != null) return table;
        if (!memory.contains(addr, bytes)) {
            throw new VirtqueueException(QueueError.ADDRESS_OUT_OF_RANGE, addr,
                    "indirect table 0x" + Long.toHexString(addr) + "+" + bytes + " is not guest memory");
        }
        memory.copyOut(addr, scratch, 0, bytes);
        return scratch.asSlice(0, bytes);
    }

    private int availIdx() {
        return (short) U16_ATOMIC.getAcquire(avail, VringAvail.OFFSET_IDX) & 0xffff;
    }

    @Override
    public void addUsed(int head, int writtenLength) {
        if (head < 0 || head >= size || !inFlight[head]) {
            throw new IllegalArgumentException("head " + head + " is not in use by the device");
        }
        inFlight[head] = false;
        long at = VringUsed.offsetOfRing((usedIdx + staged) & mask);
        used.set(U32, at + VringUsedElem.OFFSET_ID, head);
        used.set(U32, at + VringUsedElem.OFFSET_LEN, writtenLength);
        batch[staged++] = head;
    }

    @Override
    public void flushUsed() {
        int n = staged;
        if (n == 0) return;
        tracker.onBatchComplete(batch, n, usedIdx);
        int idx = (usedIdx + n) & 0xffff;
        U16_ATOMIC.setRelease(used, VringUsed.OFFSET_IDX, (short) idx); // virtio 1.2 §2.7.8.2: elements before idx
        usedIdx = idx;
        staged = 0;
        tracker.onUsedPublished(batch, n, idx);
    }

    @Override
    public boolean needsInterrupt() {
        VarHandle.fullFence(); // our used->idx store must be visible before we read the driver's suppression
        if (!eventIdx) {
            return (avail.get(U16, VringAvail.OFFSET_FLAGS) & VirtioRingH.VRING_AVAIL_F_NO_INTERRUPT) == 0;
        }
        int event = avail.get(U16, VringAvail.offsetOfUsedEvent(size)) & 0xffff;
        int old = signalledUsed;
        boolean valid = signalledValid;
        signalledUsed = usedIdx;
        signalledValid = true;
        return !valid || needEvent(event, usedIdx, old); // after open or restore: signal, never lose one
    }

    /** vring_need_event (linux/virtio_ring.h): did moving an index from {@code old} to {@code now} pass {@code event}? */
    static boolean needEvent(int event, int now, int old) {
        return ((now - event - 1) & 0xffff) < ((now - old) & 0xffff);
    }

    @Override
    public void disableNotification() {
        notifying = false;
        if (!eventIdx) used.set(U16, VringUsed.OFFSET_FLAGS, (short) VirtioRingH.VRING_USED_F_NO_NOTIFY);
    }

    @Override
    public boolean enableNotification() throws VirtqueueException {
        if (error != null) throw error;
        notifying = true;
        if (eventIdx) used.set(U16, VringUsed.offsetOfAvailEvent(size), (short) nextAvail);
        else used.set(U16, VringUsed.OFFSET_FLAGS, (short) 0);
        VarHandle.fullFence(); // §2.7.10: publish our wish before re-reading avail->idx, or a kick may be lost
        return availIdx() != nextAvail;
    }

    @Override
    public QueueState state() {
        return new QueueState(nextAvail, true, usedIdx, true);
    }

    @Override
    public VirtqueueException error() {
        return error;
    }

    @Override
    public void fetchCounter(long next) {
        fetchCounter = next;
    }
}
