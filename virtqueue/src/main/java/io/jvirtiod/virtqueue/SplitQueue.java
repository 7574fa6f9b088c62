package io.jvirtiod.virtqueue;

import io.jvirtiod.binding.virtio.VirtioRingH;
import io.jvirtiod.binding.virtio.VringAvail;
import io.jvirtiod.binding.virtio.VringDesc;
import io.jvirtiod.binding.virtio.VringUsed;
import io.jvirtiod.binding.virtio.VringUsedElem;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

import static io.jvirtiod.binding.virtio.VirtioEndian.U16;
import static io.jvirtiod.binding.virtio.VirtioEndian.U16_ATOMIC;
import static io.jvirtiod.binding.virtio.VirtioEndian.U32;
import static io.jvirtiod.binding.virtio.VirtioEndian.U64;

/**
 * A split virtqueue (virtio 1.2 §2.7): descriptor table, avail ring written by the driver, used ring written by
 * the device. Every driver-supplied index, flag and address is validated before use; a violation throws a
 * {@link VirtqueueException} and leaves the queue broken.
 *
 * <p>Memory ordering: avail->idx is read with acquire before the ring entries and descriptors it publishes;
 * used elements are written before used->idx is stored with release; a full fence separates our index and flag
 * stores from reading the driver's suppression fields (the store-load ordering of §2.7.7 and §2.7.10).
 */
public final class SplitQueue extends QueueCore implements Virtqueue {
    private static final int F_NEXT = VirtioRingH.VRING_DESC_F_NEXT;
    private static final int F_WRITE = VirtioRingH.VRING_DESC_F_WRITE;
    private static final int F_INDIRECT = VirtioRingH.VRING_DESC_F_INDIRECT;

    private final int mask;
    private final MemorySegment desc;
    private final MemorySegment avail;
    private final MemorySegment used;

    private int nextAvail;      // last_avail_idx: the next avail ring entry to consume (16-bit, free-running)
    private int knownAvailIdx;  // avail->idx last read; entries up to it need no re-read
    private int usedIdx;        // used->idx as last published

    SplitQueue(GuestMemory memory, QueueConfig config, QueueState state, InflightTracker tracker)
            throws VirtqueueException {
        super(memory, checkSize(config), tracker);
        int n = config.size();
        this.mask = n - 1;
        this.desc = ring(memory, config.descTable(), n * VringDesc.SIZE, VirtioRingH.VRING_DESC_ALIGN_SIZE, "descriptor table");
        this.avail = ring(memory, config.driverArea(), VringAvail.sizeOf(n), VirtioRingH.VRING_AVAIL_ALIGN_SIZE, "avail ring");
        this.used = ring(memory, config.deviceArea(), VringUsed.sizeOf(n), VirtioRingH.VRING_USED_ALIGN_SIZE, "used ring");
        this.nextAvail = state.nextAvail();
        this.knownAvailIdx = state.nextAvail();
        this.usedIdx = state.nextUsed();
    }

    private static QueueConfig checkSize(QueueConfig config) throws VirtqueueException {
        int n = config.size();
        if (n <= 0 || n > 32768 || Integer.bitCount(n) != 1) { // virtio 1.2 §2.7: a power of 2, at most 32768
            throw new VirtqueueException(QueueError.QUEUE_SIZE_INVALID, n, "split queue sizes are powers of 2 up to 32768");
        }
        return config;
    }

    @Override
    DescriptorChain fetch() throws VirtqueueException {
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
        checkNotInFlight(head);
        walk(head);
        nextAvail = (next + 1) & 0xffff;
        if (eventIdx && notifying) used.set(U16, VringUsed.offsetOfAvailEvent(size), (short) nextAvail);
        return fetched(head);
    }

    /**
     * The chain at descriptor {@code head}, validated, without consuming an avail entry: for a restarted daemon
     * that resubmits heads its in-flight log says were fetched but never used (vhost-user "Inflight I/O
     * tracking"). The head becomes in flight again; the tracker is not told (the log already knows it).
     */
    public DescriptorChain resubmit(int head) throws VirtqueueException {
        checkNotBroken();
        if (head < 0 || head >= size) {
            throw new VirtqueueException(QueueError.DESCRIPTOR_INDEX_OUT_OF_RANGE, head, "resubmitted head, queue size " + size);
        }
        checkNotInFlight(head);
        walk(head);
        chain.head(head);
        hold(head);
        return chain;
    }

    /** Follows a chain from {@code head} through at most one indirect table, filling the flyweight. */
    private void walk(int head) throws VirtqueueException {
        DescriptorChain c = chain;
        c.reset();
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
                table = indirectTable(addr, len, VringDesc.SIZE); // §2.7.5.3.2: its WRITE flag is ignored
                tableSize = (int) (table.byteSize() / VringDesc.SIZE);
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

    private int availIdx() {
        return (short) U16_ATOMIC.getAcquire(avail, VringAvail.OFFSET_IDX) & 0xffff;
    }

    @Override
    public void addUsed(int head, int writtenLength) {
        long at = VringUsed.offsetOfRing((usedIdx + staged) & mask);
        complete(head);
        used.set(U32, at + VringUsedElem.OFFSET_ID, head);
        used.set(U32, at + VringUsedElem.OFFSET_LEN, writtenLength);
    }

    @Override
    public void flushUsed() {
        int n = staged;
        if (n == 0) return;
        tracker.onBatchComplete(batch, n, usedIdx);
        int idx = (usedIdx + n) & 0xffff;
        U16_ATOMIC.setRelease(used, VringUsed.OFFSET_IDX, (short) idx); // virtio 1.2 §2.7.8.2: elements before idx
        usedIdx = idx;
        released(n);
        tracker.onUsedPublished(batch, n, idx);
    }

    @Override
    public boolean needsInterrupt() {
        VarHandle.fullFence(); // our used->idx store must be visible before we read the driver's suppression
        if (!eventIdx) { // §2.7.7: VRING_AVAIL_F_NO_INTERRUPT
            return (avail.get(U16, VringAvail.OFFSET_FLAGS) & VirtioRingH.VRING_AVAIL_F_NO_INTERRUPT) == 0;
        }
        int event = avail.get(U16, VringAvail.offsetOfUsedEvent(size)) & 0xffff; // §2.7.7: used_event
        int old = signalledUsed;
        boolean valid = signalledValid;
        signalledUsed = usedIdx;
        signalledValid = true;
        return !valid || needEvent(event, usedIdx, old);
    }

    @Override
    public void disableNotification() {
        notifying = false;
        if (!eventIdx) used.set(U16, VringUsed.OFFSET_FLAGS, (short) VirtioRingH.VRING_USED_F_NO_NOTIFY);
    }

    @Override
    public boolean enableNotification() throws VirtqueueException {
        checkNotBroken();
        notifying = true;
        if (eventIdx) used.set(U16, VringUsed.offsetOfAvailEvent(size), (short) nextAvail); // §2.7.10: avail_event
        else used.set(U16, VringUsed.OFFSET_FLAGS, (short) 0);
        VarHandle.fullFence(); // publish our wish before re-reading avail->idx, or a kick may be lost
        return availIdx() != nextAvail;
    }

    @Override
    public QueueState state() {
        return new QueueState(nextAvail, true, usedIdx, true);
    }
}
