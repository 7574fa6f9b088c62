package io.jvirtiod.mock;

import io.jvirtiod.binding.virtio.VringPackedDesc;

import java.lang.foreign.MemorySegment;

import static io.jvirtiod.binding.virtio.VirtioRingH.VRING_DESC_F_INDIRECT;
import static io.jvirtiod.binding.virtio.VirtioRingH.VRING_DESC_F_NEXT;
import static io.jvirtiod.binding.virtio.VirtioRingH.VRING_DESC_F_WRITE;
import static io.jvirtiod.mock.PackedRing.AVAIL;
import static io.jvirtiod.mock.PackedRing.USED;

/**
 * The packed-ring {@link MockDriver} (virtio 1.2 §2.8.21-22), modelled on Linux's virtqueue_add_packed and
 * virtqueue_get_buf: buffer ids from a free stack, descriptors in consecutive slots with AVAIL/USED by the
 * driver's wrap counter, the head's flags written last with release so the chain appears at once.
 */
public final class PackedDriver extends MockDriver {
    private final PackedRing ring;
    private final int[] freeIds;
    private final int[] slotsOf;   // by id: ring slots the chain took
    private int numFreeIds;
    private int numFree;
    private int nextAvail;
    private boolean availWrap;
    private int lastUsed;
    private boolean usedWrap;

    /** A ring at {@code ringAt} in {@code ram} (zeroed here), starting at slot 0 with wrap counters 1. */
    public PackedDriver(MemorySegment ram, long ramBase, long ringAt, int size) {
        this(zeroed(ram, ringAt, size), ramBase, ringAt, size, 0, true);
    }

    private static MemorySegment zeroed(MemorySegment ram, long ringAt, int size) {
        ram.asSlice(ringAt, PackedRing.bytes(size)).fill((byte) 0);
        return ram;
    }

    /**
     * A ring restored mid-life: the next chain goes at slot {@code start} with wrap counter {@code wrap}, and the
     * slots hold the used descriptors of the previous laps (§2.8.1).
     */
    public PackedDriver(MemorySegment ram, long ramBase, long ringAt, int size, int start, boolean wrap) {
        super(ram, ramBase, ringAt + PackedRing.bytes(size), size);
        ring = new PackedRing(ram, ramBase, ringAt, size);
        freeIds = new int[size];
        slotsOf = new int[size];
        for (int i = 0; i < size; i++) freeIds[i] = size - 1 - i; // id 0 on top
        numFreeIds = numFree = size;
        nextAvail = lastUsed = start;
        availWrap = usedWrap = wrap;
        for (int i = 0; i < size; i++) {
            boolean lap = i < start ? wrap : !wrap; // the lap in which slot i was last used
            ring.flags(i, lap ? AVAIL | USED : 0);
        }
    }

    /** The ring's raw fields (addresses, event suppression, forged entries). */
    public PackedRing ring() {
        return ring;
    }

    /** The slot the next chain will start at, and the driver's wrap counter there. */
    public int nextAvail() {
        return nextAvail;
    }

    public boolean availWrap() {
        return availWrap;
    }

    /** The slot of the next used descriptor the driver will look at, and its used wrap counter. */
    public int lastUsed() {
        return lastUsed;
    }

    public boolean usedWrap() {
        return usedWrap;
    }

    @Override
    public boolean hasRoom(int descriptors) {
        return numFreeIds > 0 && numFree >= descriptors;
    }

    @Override
    public int add(long[] addrs, int[] lengths, int readable) {
        int n = addrs.length;
        if (n == 0 || !hasRoom(n)) throw new IllegalStateException(n + " descriptors, " + numFree + " free slots");
        int id = freeIds[--numFreeIds];
        int head = nextAvail;
        int headFlags = 0;
        for (int j = 0; j < n; j++) {
            ring.buffer(nextAvail, addrs[j], lengths[j], id);
            int flags = (j >= readable ? VRING_DESC_F_WRITE : 0) | (j + 1 < n ? VRING_DESC_F_NEXT : 0) | availUsed();
            if (j == 0) headFlags = flags;
            else ring.flags(nextAvail, flags);
            advance();
        }
        return publishHead(id, head, headFlags, n);
    }

    @Override
    public int addIndirect(long table, int count) {
        if (!hasRoom(1)) throw new IllegalStateException("no free slot or id");
        int id = freeIds[--numFreeIds];
        int head = nextAvail;
        ring.buffer(head, table, (int) VringPackedDesc.SIZE * count, id);
        int headFlags = VRING_DESC_F_INDIRECT | availUsed();
        advance();
        return publishHead(id, head, headFlags, 1);
    }

    private int publishHead(int id, int head, int headFlags, int slots) {
        slotsOf[id] = slots;
        numFree -= slots;
        taken(id);
        ring.publishFlags(head, headFlags); // the head last: the chain becomes available at once
        return id;
    }

    private int availUsed() {
        return availWrap ? AVAIL : USED;
    }

    private void advance() {
        if (++nextAvail == size) {
            nextAvail = 0;
            availWrap = !availWrap;
        }
    }

    @Override
    public void publish() {
        // each add already made its chain available
    }

    /** Whether the descriptor at {@code slot} is used in the lap of wrap counter {@code wrap} (§2.8.1). */
    public boolean isUsed(int slot, boolean wrap) {
        int flags = ring.flags(slot);
        boolean a = (flags & AVAIL) != 0;
        boolean u = (flags & USED) != 0;
        return a == u && u == wrap;
    }

    @Override
    public int pollUsed() {
        if (!isUsed(lastUsed, usedWrap)) return -1;
        int id = ring.id(lastUsed);
        returned(id, ring.len(lastUsed));
        lastUsed += slotsOf[id];
        if (lastUsed >= size) {
            lastUsed -= size;
            usedWrap = !usedWrap;
        }
        numFree += slotsOf[id];
        freeIds[numFreeIds++] = id;
        return id;
    }

    /** Slots the chain of {@code id} took (1 for an indirect one). */
    public int slotsOf(int id) {
        return slotsOf[id];
    }

    @Override
    public String toString() {
        return "packed driver (size " + size + ", next avail " + nextAvail + (availWrap ? "/1" : "/0") + ", last used "
                + lastUsed + (usedWrap ? "/1" : "/0") + ", " + outstandingCount + " outstanding)";
    }
}
