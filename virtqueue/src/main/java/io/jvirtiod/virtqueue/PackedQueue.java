package io.jvirtiod.virtqueue;

import io.jvirtiod.binding.virtio.VirtioRingH;
import io.jvirtiod.binding.virtio.VringPackedDesc;
import io.jvirtiod.binding.virtio.VringPackedDescEvent;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

import static io.jvirtiod.binding.virtio.VirtioEndian.U16;
import static io.jvirtiod.binding.virtio.VirtioEndian.U16_ATOMIC;
import static io.jvirtiod.binding.virtio.VirtioEndian.U32;
import static io.jvirtiod.binding.virtio.VirtioEndian.U64;

/**
 * A packed virtqueue (virtio 1.2 §2.8): one descriptor ring that driver and device both write, the AVAIL/USED
 * flag bits compared with wrap counters telling whose a slot is, and two event-suppression structures. Every
 * driver-supplied value is validated before use; a violation throws a {@link VirtqueueException} and leaves the
 * queue broken.
 *
 * <p>Memory ordering: a descriptor's flags are read with acquire before the rest of its chain; a batch of used
 * descriptors is published by storing the first one's flags last, with release (§2.8.21.3).
 */
public final class PackedQueue extends QueueCore implements Virtqueue {
    private static final int F_NEXT = VirtioRingH.VRING_DESC_F_NEXT;
    private static final int F_WRITE = VirtioRingH.VRING_DESC_F_WRITE;
    private static final int F_INDIRECT = VirtioRingH.VRING_DESC_F_INDIRECT;
    private static final int F_AVAIL = 1 << VirtioRingH.VRING_PACKED_DESC_F_AVAIL;
    private static final int F_USED = 1 << VirtioRingH.VRING_PACKED_DESC_F_USED;
    private static final int WRAP_BIT = 1 << VirtioRingH.VRING_PACKED_EVENT_F_WRAP_CTR;

    private final MemorySegment ring;
    private final MemorySegment driverEvent;  // written by the driver: used-buffer notification suppression
    private final MemorySegment deviceEvent;  // written by us: available-buffer notification suppression
    private final short[] slots;              // by buffer id: ring slots the buffer took, the used side skips as many

    private int nextAvail;
    private boolean availWrap;
    private int nextUsed;                     // published used position
    private boolean usedWrap;
    private int stagedPos;                    // position after the staged completions
    private boolean stagedWrap;
    private int firstFlags;                   // flags of the batch's first used descriptor, stored last
    private int usedCounter;                  // free-running count of used slots published (mod 2^16)

    PackedQueue(GuestMemory memory, QueueConfig config, QueueState state, InflightTracker tracker)
            throws VirtqueueException {
        super(memory, checkSize(config, state), tracker);
        int n = config.size();
        this.ring = ring(memory, config.descTable(), n * VringPackedDesc.SIZE, 16, "descriptor ring");
        this.driverEvent = ring(memory, config.driverArea(), VringPackedDescEvent.SIZE, 4, "driver event suppression");
        this.deviceEvent = ring(memory, config.deviceArea(), VringPackedDescEvent.SIZE, 4, "device event suppression");
        this.slots = new short[n];
        this.nextAvail = state.nextAvail();
        this.availWrap = state.availWrap();
        this.nextUsed = state.nextUsed();
        this.usedWrap = state.usedWrap();
        this.stagedPos = nextUsed;
        this.stagedWrap = usedWrap;
    }

    private static QueueConfig checkSize(QueueConfig config, QueueState state) throws VirtqueueException {
        int n = config.size();
        if (n <= 0 || n > 32768) { // virtio 1.2 §2.8: any size up to 32768
            throw new VirtqueueException(QueueError.QUEUE_SIZE_INVALID, n, "packed queue sizes are 1 to 32768");
        }
        if (state.nextAvail() >= n || state.nextUsed() >= n) {
            throw new IllegalArgumentException("packed ring positions " + state + " outside a ring of " + n);
        }
        return config;
    }

    /** §2.8.1: a slot is available when its AVAIL bit equals the wrap counter and its USED bit does not. */
    private static boolean isAvailable(int flags, boolean wrap) {
        return ((flags & F_AVAIL) != 0) == wrap && ((flags & F_USED) != 0) != wrap;
    }

    private int flagsAcquire(int pos) {
        return (short) U16_ATOMIC.getAcquire(ring, pos * VringPackedDesc.SIZE + VringPackedDesc.OFFSET_FLAGS) & 0xffff;
    }

    @Override
    DescriptorChain fetch() throws VirtqueueException {
        int pos = nextAvail;
        int flags = flagsAcquire(pos);
        if (!isAvailable(flags, availWrap)) return null;
        DescriptorChain c = chain;
        c.reset();
        int taken = 0;
        int id;
        while (true) {
            long at = pos * VringPackedDesc.SIZE;
            long addr = ring.get(U64, at + VringPackedDesc.OFFSET_ADDR);
            int len = ring.get(U32, at + VringPackedDesc.OFFSET_LEN);
            id = ring.get(U16, at + VringPackedDesc.OFFSET_ID) & 0xffff;
            if (taken > 0) flags = ring.get(U16, at + VringPackedDesc.OFFSET_FLAGS) & 0xffff;
            taken++;
            if (++pos == size) pos = 0;
            if ((flags & F_INDIRECT) != 0) {
                if (!indirect) throw new VirtqueueException(QueueError.INDIRECT_NOT_NEGOTIATED, id, "buffer id");
                if ((flags & F_NEXT) != 0) throw new VirtqueueException(QueueError.INDIRECT_WITH_NEXT, id, "buffer id");
                walkIndirect(c, addr, len);
                break;
            }
            c.add(addr, len, (flags & F_WRITE) != 0);
            if ((flags & F_NEXT) == 0) break; // §2.8.6: the last descriptor carries the buffer id
            if (taken == size) { // the chain would wrap onto its own head
                throw new VirtqueueException(QueueError.CHAIN_TOO_LONG, taken + 1L, "ring of " + size);
            }
        }
        if (id >= size) throw new VirtqueueException(QueueError.BUFFER_ID_OUT_OF_RANGE, id, "queue size " + size);
        checkNotInFlight(id);
        slots[id] = (short) taken;
        if (pos < nextAvail || taken == size) availWrap = !availWrap; // passed the end of the ring
        nextAvail = pos;
        if (eventIdx && notifying) writeDeviceEvent(VirtioRingH.VRING_PACKED_EVENT_FLAG_DESC);
        return fetched(id);
    }

    /** §2.8.7: an indirect table is a plain array of descriptors; NEXT is ignored, INDIRECT forbidden. */
    private void walkIndirect(DescriptorChain c, long addr, int len) throws VirtqueueException {
        MemorySegment table = indirectTable(addr, len, VringPackedDesc.SIZE);
        int entries = (int) (table.byteSize() / VringPackedDesc.SIZE);
        for (int i = 0; i < entries; i++) {
            long at = i * VringPackedDesc.SIZE;
            int flags = table.get(U16, at + VringPackedDesc.OFFSET_FLAGS) & 0xffff;
            if ((flags & F_INDIRECT) != 0) throw new VirtqueueException(QueueError.NESTED_INDIRECT, i, "indirect table entry");
            c.add(table.get(U64, at + VringPackedDesc.OFFSET_ADDR), table.get(U32, at + VringPackedDesc.OFFSET_LEN),
                    (flags & F_WRITE) != 0);
        }
    }

    @Override
    public void addUsed(int id, int writtenLength) {
        boolean first = staged == 0;
        complete(id);
        int pos = stagedPos;
        long at = pos * VringPackedDesc.SIZE;
        ring.set(U16, at + VringPackedDesc.OFFSET_ID, (short) id);
        ring.set(U32, at + VringPackedDesc.OFFSET_LEN, writtenLength);
        int flags = (stagedWrap ? F_AVAIL | F_USED : 0) | (writtenLength != 0 ? F_WRITE : 0); // §2.8.2
        if (first) firstFlags = flags; // stored last, in flushUsed, to publish the whole batch at once
        else ring.set(U16, at + VringPackedDesc.OFFSET_FLAGS, (short) flags);
        pos += slots[id] & 0xffff; // a chain may fill all 32768 slots
        if (pos >= size) {
            pos -= size;
            stagedWrap = !stagedWrap;
        }
        stagedPos = pos;
    }

    @Override
    public void flushUsed() {
        int n = staged;
        if (n == 0) return;
        tracker.onBatchComplete(batch, n, nextUsed | (usedWrap ? WRAP_BIT : 0));
        U16_ATOMIC.setRelease(ring, nextUsed * VringPackedDesc.SIZE + VringPackedDesc.OFFSET_FLAGS, (short) firstFlags);
        usedCounter += stagedPos - nextUsed + (stagedWrap != usedWrap ? size : 0);
        nextUsed = stagedPos;
        usedWrap = stagedWrap;
        released(n);
        tracker.onUsedPublished(batch, n, nextUsed | (usedWrap ? WRAP_BIT : 0));
    }

    @Override
    public boolean needsInterrupt() {
        VarHandle.fullFence(); // the used flags store must be visible before we read the driver's suppression
        int flags = driverEvent.get(U16, VringPackedDescEvent.OFFSET_FLAGS) & 0xffff;
        int offWrap = driverEvent.get(U16, VringPackedDescEvent.OFFSET_OFF_WRAP) & 0xffff;
        int old = signalledUsed;
        boolean valid = signalledValid;
        int now = usedCounter;
        signalledUsed = now;
        signalledValid = true;
        if (flags == VirtioRingH.VRING_PACKED_EVENT_FLAG_DISABLE) return false;
        if (flags != VirtioRingH.VRING_PACKED_EVENT_FLAG_DESC || !eventIdx) return true; // ENABLE (§2.8.10)
        if (!valid) return true;
        // §2.8.10: interrupt when the used descriptor at off_wrap was written since the last check. Ring
        // positions repeat every lap, so compare on the free-running slot counter: the event is (now - e) slots
        // back in this lap, or a lap further back when its wrap counter is not ours (as Linux reads it).
        int event = now - (nextUsed - (offWrap & ~WRAP_BIT)) - (((offWrap & WRAP_BIT) != 0) != usedWrap ? size : 0);
        return needEvent(event & 0xffff, now & 0xffff, old & 0xffff);
    }

    @Override
    public void disableNotification() {
        notifying = false;
        deviceEvent.set(U16, VringPackedDescEvent.OFFSET_FLAGS, (short) VirtioRingH.VRING_PACKED_EVENT_FLAG_DISABLE);
    }

    @Override
    public boolean enableNotification() throws VirtqueueException {
        checkNotBroken();
        notifying = true;
        writeDeviceEvent(eventIdx ? VirtioRingH.VRING_PACKED_EVENT_FLAG_DESC : VirtioRingH.VRING_PACKED_EVENT_FLAG_ENABLE);
        VarHandle.fullFence(); // §2.8.10: publish our wish before re-checking the ring, or a kick may be lost
        return isAvailable(flagsAcquire(nextAvail), availWrap);
    }

    /** Asks for a kick once the descriptor at our next position (this lap) becomes available. */
    private void writeDeviceEvent(int flags) {
        deviceEvent.set(U16, VringPackedDescEvent.OFFSET_OFF_WRAP, (short) (nextAvail | (availWrap ? WRAP_BIT : 0)));
        deviceEvent.set(U16, VringPackedDescEvent.OFFSET_FLAGS, (short) flags);
    }

    @Override
    public QueueState state() {
        return new QueueState(nextAvail, availWrap, nextUsed, usedWrap);
    }
}
