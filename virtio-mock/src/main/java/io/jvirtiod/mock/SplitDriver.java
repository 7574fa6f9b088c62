package io.jvirtiod.mock;

import io.jvirtiod.binding.virtio.VringDesc;

import java.lang.foreign.MemorySegment;

import static io.jvirtiod.binding.virtio.VirtioRingH.VRING_DESC_F_INDIRECT;
import static io.jvirtiod.binding.virtio.VirtioRingH.VRING_DESC_F_NEXT;
import static io.jvirtiod.binding.virtio.VirtioRingH.VRING_DESC_F_WRITE;

/**
 * The split-ring {@link MockDriver} (virtio 1.2 §2.7.13-14), modelled on Linux's virtqueue_add_split and
 * virtqueue_get_buf: free descriptors in a list (taken from its head, a used chain returned to its head), each
 * chain's head entered in the avail ring, avail->idx published with release.
 */
public final class SplitDriver extends MockDriver {
    private final SplitRing ring;
    private final int[] link;      // next free descriptor, or next descriptor of a placed chain
    private final int[] tailOf;    // by head: the chain's last descriptor
    private final int[] countOf;   // by head: descriptors the chain took
    private int freeHead;
    private int numFree;
    private int shadowAvail;
    private int lastUsed;

    /** A ring at {@code ringAt} in {@code ram} (zeroed here), avail and used idx at 0. */
    public SplitDriver(MemorySegment ram, long ramBase, long ringAt, int size) {
        this(ram, ramBase, ringAt, size, 0);
        ram.asSlice(ringAt, SplitRing.bytes(size)).fill((byte) 0);
    }

    /** A ring whose avail and used idx both start at {@code start} (a queue restored mid-life). */
    public SplitDriver(MemorySegment ram, long ramBase, long ringAt, int size, int start) {
        super(ram, ramBase, ringAt + SplitRing.bytes(size), size);
        ring = new SplitRing(ram, ramBase, ringAt, size);
        link = new int[size];
        tailOf = new int[size];
        countOf = new int[size];
        for (int i = 0; i < size; i++) link[i] = i + 1;
        numFree = size;
        shadowAvail = lastUsed = start & 0xffff;
        ring.publishAvailIdx(shadowAvail);
        ring.publishUsedIdx(shadowAvail);
    }

    /** The ring's raw fields (addresses, event suppression, forged entries). */
    public SplitRing ring() {
        return ring;
    }

    /** The avail idx the next chain will be entered at (published or not). */
    public int availIdx() {
        return shadowAvail;
    }

    /** The used idx up to which the driver reaped. */
    public int lastUsed() {
        return lastUsed;
    }

    @Override
    public boolean hasRoom(int descriptors) {
        return numFree >= descriptors;
    }

    @Override
    public int add(long[] addrs, int[] lengths, int readable) {
        int n = addrs.length;
        if (n == 0 || numFree < n) throw new IllegalStateException(n + " descriptors, " + numFree + " free");
        int head = freeHead;
        int d = head;
        for (int j = 0; j < n; j++) {
            int flags = (j >= readable ? VRING_DESC_F_WRITE : 0) | (j + 1 < n ? VRING_DESC_F_NEXT : 0);
            ring.desc(d, addrs[j], lengths[j], flags, j + 1 < n ? link[d] : 0);
            if (j + 1 < n) d = link[d];
        }
        return enter(head, d, n);
    }

    @Override
    public int addIndirect(long table, int count) {
        if (numFree < 1) throw new IllegalStateException("no free descriptor");
        int head = freeHead;
        ring.desc(head, table, (int) VringDesc.SIZE * count, VRING_DESC_F_INDIRECT, 0);
        return enter(head, head, 1);
    }

    private int enter(int head, int tail, int n) {
        freeHead = link[tail];
        numFree -= n;
        tailOf[head] = tail;
        countOf[head] = n;
        taken(head);
        ring.availEntry(shadowAvail, head);
        shadowAvail = (shadowAvail + 1) & 0xffff;
        return head;
    }

    @Override
    public void publish() {
        ring.publishAvailIdx(shadowAvail);
    }

    @Override
    public int pollUsed() {
        int idx = ring.usedIdx();
        if (idx == lastUsed) return -1;
        if (((idx - lastUsed) & 0xffff) > outstandingCount) { // used->idx only moves on by completed chains
            throw new AssertionError("used idx moved from " + lastUsed + " to " + idx + " with "
                    + outstandingCount + " outstanding");
        }
        int head = ring.usedId(lastUsed);
        returned(head, ring.usedLen(lastUsed));
        lastUsed = (lastUsed + 1) & 0xffff;
        link[tailOf[head]] = freeHead;
        freeHead = head;
        numFree += countOf[head];
        return head;
    }

    @Override
    public String toString() {
        return "split driver (size " + size + ", avail idx " + shadowAvail + ", used idx " + lastUsed + ", "
                + outstandingCount + " outstanding)";
    }
}
