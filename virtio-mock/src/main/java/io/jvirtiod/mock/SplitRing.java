package io.jvirtiod.mock;

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
 * The three areas of one split virtqueue (virtio 1.2 §2.7) in a piece of guest RAM, read and written field by
 * field at the binding layouts' offsets, with any value: the raw view a test takes to forge hostile rings, or to
 * play the device side. {@link SplitDriver} is the well-behaved driver on top of it. The indexes are published
 * with release and read with acquire (§2.7.13, §2.7.8), as a driver and a device on two threads need.
 */
public final class SplitRing extends RingArea {
    private final long avail;
    private final long used;

    /** A split ring whose descriptor table is at {@code ringAt} in {@code ram} (see {@link RingArea}). */
    public SplitRing(MemorySegment ram, long ramBase, long ringAt, int size) {
        super(ram, ramBase, ringAt, size);
        this.avail = ringAt + availOffset(size);
        this.used = ringAt + usedOffset(size);
    }

    /** Offset of the avail ring from the descriptor table, for a ring of {@code size}. */
    public static long availOffset(int size) {
        return VringDesc.SIZE * size;
    }

    /** Offset of the used ring from the descriptor table (aligned as §2.7.10 requires). */
    public static long usedOffset(int size) {
        return align(availOffset(size) + VringAvail.sizeOf(size), VirtioRingH.VRING_USED_ALIGN_SIZE);
    }

    /** Bytes of the three areas together, used_event and avail_event included. */
    public static long bytes(int size) {
        return usedOffset(size) + VringUsed.sizeOf(size);
    }

    static long align(long v, long a) {
        return (v + a - 1) & -a;
    }

    /** Guest addresses of the avail and used rings (for the device's queue setup). */
    public long availAddress() {
        return ramBase + avail;
    }

    public long usedAddress() {
        return ramBase + used;
    }

    /** Their offsets in the RAM segment (for a front-end that names them by its own mapping). */
    public long availOffset() {
        return avail;
    }

    public long usedOffset() {
        return used;
    }

    private int slot(int idx) {
        return (idx & 0xffff) % size;
    }

    /** Writes descriptor {@code i} (§2.7.5) as given: nothing is checked, so a test can forge any entry. */
    public void desc(int i, long addr, int len, int flags, int next) {
        putDesc(ram, desc + VringDesc.SIZE * i, addr, len, flags, next);
    }

    /** Writes a {@code struct vring_desc} at {@code at} in {@code seg} (an indirect table, §2.7.5.3). */
    public static void putDesc(MemorySegment seg, long at, long addr, int len, int flags, int next) {
        seg.set(U64, at + VringDesc.OFFSET_ADDR, addr);
        seg.set(U32, at + VringDesc.OFFSET_LEN, len);
        seg.set(U16, at + VringDesc.OFFSET_FLAGS, (short) flags);
        seg.set(U16, at + VringDesc.OFFSET_NEXT, (short) next);
    }

    public long descAddr(int i) {
        return ram.get(U64, desc + VringDesc.SIZE * i + VringDesc.OFFSET_ADDR);
    }

    /** avail->flags (VRING_AVAIL_F_NO_INTERRUPT, §2.7.7). */
    public void availFlags(int flags) {
        ram.set(U16, avail + VringAvail.OFFSET_FLAGS, (short) flags);
    }

    /** avail->ring[idx mod size] := head (not yet published). */
    public void availEntry(int idx, int head) {
        ram.set(U16, avail + VringAvail.offsetOfRing(slot(idx)), (short) head);
    }

    public int availEntry(int idx) {
        return ram.get(U16, avail + VringAvail.offsetOfRing(slot(idx))) & 0xffff;
    }

    /** Publishes avail->idx with release ordering: the entries and descriptors before it are visible first. */
    public void publishAvailIdx(int idx) {
        VarHandle.releaseFence();
        U16_ATOMIC.setRelease(ram, avail + VringAvail.OFFSET_IDX, (short) idx);
    }

    /** avail->idx, read with acquire (as the device reads it). */
    public int availIdx() {
        return (short) U16_ATOMIC.getAcquire(ram, avail + VringAvail.OFFSET_IDX) & 0xffff;
    }

    /** used_event (VIRTIO_RING_F_EVENT_IDX, §2.7.10): the used idx at which the driver wants an interrupt. */
    public void usedEvent(int idx) {
        ram.set(U16, avail + VringAvail.offsetOfUsedEvent(size), (short) idx);
    }

    /** used->flags (VRING_USED_F_NO_NOTIFY, §2.7.10). */
    public int usedFlags() {
        return ram.get(U16, used + VringUsed.OFFSET_FLAGS) & 0xffff;
    }

    /** used->idx, read with acquire: the used elements before it are complete once it is seen. */
    public int usedIdx() {
        return (short) U16_ATOMIC.getAcquire(ram, used + VringUsed.OFFSET_IDX) & 0xffff;
    }

    /** Device side: publishes used->idx with release (§2.7.8: the elements before it are written first). */
    public void publishUsedIdx(int idx) {
        VarHandle.releaseFence();
        U16_ATOMIC.setRelease(ram, used + VringUsed.OFFSET_IDX, (short) idx);
    }

    /** The id of used element {@code idx mod size}. */
    public int usedId(int idx) {
        return ram.get(U32, used + VringUsed.offsetOfRing(slot(idx)) + VringUsedElem.OFFSET_ID);
    }

    /** The length the device wrote, in used element {@code idx mod size}. */
    public int usedLen(int idx) {
        return ram.get(U32, used + VringUsed.offsetOfRing(slot(idx)) + VringUsedElem.OFFSET_LEN);
    }

    /** Device side: writes used element {@code idx mod size} (not yet published). */
    public void usedElem(int idx, int id, int len) {
        long at = used + VringUsed.offsetOfRing(slot(idx));
        ram.set(U32, at + VringUsedElem.OFFSET_ID, id);
        ram.set(U32, at + VringUsedElem.OFFSET_LEN, len);
    }

    /** avail_event (VIRTIO_RING_F_EVENT_IDX, §2.7.10): the avail idx at which the device wants a kick. */
    public int availEvent() {
        return ram.get(U16, used + VringUsed.offsetOfAvailEvent(size)) & 0xffff;
    }
}
