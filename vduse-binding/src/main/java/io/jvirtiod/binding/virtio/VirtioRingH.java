package io.jvirtiod.binding.virtio;

import java.lang.foreign.MemoryLayout;
import java.util.List;

/**
 * linux/virtio_ring.h: the descriptor flags, ring flags, event-suppression flags, ring feature bits and ring
 * alignments of the split and packed virtqueue layouts (virtio 1.2 §2.7, §2.8). Every UPPER_CASE field is the
 * C macro of the same name, checked by the ABI probe; the struct layouts live in the {@code Vring*} classes.
 */
public final class VirtioRingH {
    private VirtioRingH() {}

    public static final List<String> C_INCLUDES = List.of("linux/virtio_ring.h");
    public static final List<MemoryLayout> C_STRUCTS = List.of(
            VringDesc.LAYOUT, VringAvail.LAYOUT, VringUsedElem.LAYOUT, VringUsed.LAYOUT,
            VringPackedDesc.LAYOUT, VringPackedDescEvent.LAYOUT);

    /** Split descriptor flag: the chain continues at {@code next}. */
    public static final int VRING_DESC_F_NEXT = 1;
    /** Descriptor flag: the buffer is device-writable (otherwise device-readable). */
    public static final int VRING_DESC_F_WRITE = 2;
    /** Descriptor flag: the buffer is a table of descriptors. */
    public static final int VRING_DESC_F_INDIRECT = 4;

    /** Packed descriptor flag AVAIL, as a bit number (the flag is {@code 1 << 7}). */
    public static final int VRING_PACKED_DESC_F_AVAIL = 7;
    /** Packed descriptor flag USED, as a bit number (the flag is {@code 1 << 15}). */
    public static final int VRING_PACKED_DESC_F_USED = 15;

    /** used->flags: the device asks the driver not to kick (advisory). */
    public static final int VRING_USED_F_NO_NOTIFY = 1;
    /** avail->flags: the driver asks the device not to interrupt (advisory). */
    public static final int VRING_AVAIL_F_NO_INTERRUPT = 1;

    /** Packed event suppression: events enabled. */
    public static final int VRING_PACKED_EVENT_FLAG_ENABLE = 0x0;
    /** Packed event suppression: events disabled. */
    public static final int VRING_PACKED_EVENT_FLAG_DISABLE = 0x1;
    /** Packed event suppression: event at the descriptor named by off_wrap (needs VIRTIO_RING_F_EVENT_IDX). */
    public static final int VRING_PACKED_EVENT_FLAG_DESC = 0x2;
    /** Bit number of the wrap counter in {@code off_wrap}. */
    public static final int VRING_PACKED_EVENT_F_WRAP_CTR = 15;

    /** Feature bit number: indirect descriptor tables. */
    public static final int VIRTIO_RING_F_INDIRECT_DESC = 28;
    /** Feature bit number: used_event/avail_event (split) and DESC event suppression (packed). */
    public static final int VIRTIO_RING_F_EVENT_IDX = 29;

    /** Required alignment of the split avail ring. */
    public static final int VRING_AVAIL_ALIGN_SIZE = 2;
    /** Required alignment of the split used ring. */
    public static final int VRING_USED_ALIGN_SIZE = 4;
    /** Required alignment of the split descriptor table. */
    public static final int VRING_DESC_ALIGN_SIZE = 16;
}
