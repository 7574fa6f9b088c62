package io.jvirtiod.mock;

import java.lang.foreign.MemorySegment;

/**
 * Where one virtqueue's areas live (virtio 1.2 §2.6): a piece of guest RAM, the guest address of its first byte,
 * the offset of the descriptor area in it and the queue size; {@link SplitRing} and {@link PackedRing} lay their
 * areas out from there.
 */
public abstract sealed class RingArea permits SplitRing, PackedRing {
    final MemorySegment ram;
    final long ramBase;
    final int size;
    final long desc;

    /**
     * @param ram     the guest memory the ring lives in
     * @param ramBase the guest address of {@code ram}'s first byte
     * @param ringAt  offset in {@code ram} of the descriptor area (16-aligned, §2.7.10, §2.8.10.1); the other
     *                areas follow it at their required alignment
     * @param size    queue size
     */
    RingArea(MemorySegment ram, long ramBase, long ringAt, int size) {
        this.ram = ram;
        this.ramBase = ramBase;
        this.size = size;
        this.desc = ringAt;
    }

    public int size() {
        return size;
    }

    public MemorySegment ram() {
        return ram;
    }

    /** Guest address of the descriptor area (for the device's queue setup). */
    public long descAddress() {
        return ramBase + desc;
    }

    /** Its offset in the RAM segment (for a front-end that names it by its own mapping). */
    public long descOffset() {
        return desc;
    }
}
