package io.jvirtiod.mock;

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
 * The descriptor ring and the two event-suppression structures of one packed virtqueue (virtio 1.2 §2.8) in a
 * piece of guest RAM, read and written field by field at the binding layouts' offsets, with any value: the raw
 * view a test takes to forge hostile rings. {@link PackedDriver} is the well-behaved driver on top of it. A
 * slot's flags are published with release and read with acquire (§2.8.21.3.1), as two threads need.
 */
public final class PackedRing extends RingArea {
    /** The AVAIL and USED flag bits (§2.8.1). */
    public static final int AVAIL = 1 << VirtioRingH.VRING_PACKED_DESC_F_AVAIL;
    public static final int USED = 1 << VirtioRingH.VRING_PACKED_DESC_F_USED;

    private final long driverEvent;
    private final long deviceEvent;

    /** A packed ring whose descriptor ring is at {@code ringAt} in {@code ram} (see {@link RingArea}). */
    public PackedRing(MemorySegment ram, long ramBase, long ringAt, int size) {
        super(ram, ramBase, ringAt, size);
        this.driverEvent = ringAt + driverEventOffset(size);
        this.deviceEvent = driverEvent + VringPackedDescEvent.SIZE;
    }

    /** Offset of the driver event-suppression structure from the descriptor ring. */
    public static long driverEventOffset(int size) {
        return VringPackedDesc.SIZE * size;
    }

    /** Bytes of the ring and both event-suppression structures. */
    public static long bytes(int size) {
        return driverEventOffset(size) + 2 * VringPackedDescEvent.SIZE;
    }

    /** Guest addresses of the driver and device areas (for the device's queue setup). */
    public long driverAddress() {
        return ramBase + driverEvent;
    }

    public long deviceAddress() {
        return ramBase + deviceEvent;
    }

    private long at(int slot) {
        return desc + VringPackedDesc.SIZE * slot;
    }

    /** Writes slot {@code slot}'s address, length and id, not its flags: nothing is checked. */
    public void buffer(int slot, long addr, int len, int id) {
        putBuffer(ram, at(slot), addr, len, id);
    }

    /** Writes a {@code struct vring_packed_desc}'s address, length and id at {@code at} in {@code seg}. */
    public static void putBuffer(MemorySegment seg, long at, long addr, int len, int id) {
        seg.set(U64, at + VringPackedDesc.OFFSET_ADDR, addr);
        seg.set(U32, at + VringPackedDesc.OFFSET_LEN, len);
        seg.set(U16, at + VringPackedDesc.OFFSET_ID, (short) id);
    }

    /** Writes a whole {@code struct vring_packed_desc} at {@code at} in {@code seg} (an indirect table, §2.8.19). */
    public static void putDesc(MemorySegment seg, long at, long addr, int len, int id, int flags) {
        putBuffer(seg, at, addr, len, id);
        seg.set(U16, at + VringPackedDesc.OFFSET_FLAGS, (short) flags);
    }

    /** Writes slot {@code slot}'s flags, plain: for the non-head descriptors of a chain, or forged ones. */
    public void flags(int slot, int flags) {
        ram.set(U16, at(slot) + VringPackedDesc.OFFSET_FLAGS, (short) flags);
    }

    /** Publishes slot {@code slot}'s flags with release: the chain's other writes are visible first. */
    public void publishFlags(int slot, int flags) {
        VarHandle.releaseFence();
        U16_ATOMIC.setRelease(ram, at(slot) + VringPackedDesc.OFFSET_FLAGS, (short) flags);
    }

    /** Slot {@code slot}'s flags, read with acquire: its id and length are the device's once they say used. */
    public int flags(int slot) {
        return (short) U16_ATOMIC.getAcquire(ram, at(slot) + VringPackedDesc.OFFSET_FLAGS) & 0xffff;
    }

    public int id(int slot) {
        return ram.get(U16, at(slot) + VringPackedDesc.OFFSET_ID) & 0xffff;
    }

    public int len(int slot) {
        return ram.get(U32, at(slot) + VringPackedDesc.OFFSET_LEN);
    }

    /** The driver event-suppression structure (§2.8.10): off_wrap and flags, as given. */
    public void driverEvent(int offWrap, int flags) {
        ram.set(U16, driverEvent + VringPackedDescEvent.OFFSET_OFF_WRAP, (short) offWrap);
        driverEventFlags(flags);
    }

    public void driverEventFlags(int flags) {
        ram.set(U16, driverEvent + VringPackedDescEvent.OFFSET_FLAGS, (short) flags);
    }

    /** The device event-suppression structure's off_wrap and flags (§2.8.10). */
    public int deviceEventOffWrap() {
        return ram.get(U16, deviceEvent + VringPackedDescEvent.OFFSET_OFF_WRAP) & 0xffff;
    }

    public int deviceEventFlags() {
        return ram.get(U16, deviceEvent + VringPackedDescEvent.OFFSET_FLAGS) & 0xffff;
    }
}
