package io.jvirtiod.virtqueue;

import io.jvirtiod.binding.virtio.VringPackedDesc;
import io.jvirtiod.mock.PackedDriver;
import io.jvirtiod.mock.PackedRing;

import java.lang.foreign.MemorySegment;

import static io.jvirtiod.binding.virtio.VirtioRingH.VRING_DESC_F_WRITE;
import static io.jvirtiod.binding.virtio.VirtioRingH.VRING_PACKED_EVENT_FLAG_DESC;
import static io.jvirtiod.binding.virtio.VirtioRingH.VRING_PACKED_EVENT_FLAG_DISABLE;
import static io.jvirtiod.binding.virtio.VirtioRingH.VRING_PACKED_EVENT_FLAG_ENABLE;

/**
 * The packed-ring model (virtio 1.2 §2.8.21-22): the mock {@link PackedDriver} places and reaps; this adds
 * Linux's notification logic (virtqueue_kick_prepare_packed, virtqueue_enable_cb_prepare_packed).
 */
final class PackedDriverModel extends DriverModel {
    private final PackedDriver packed;
    private final PackedRing ring;
    private int numAdded;
    private long publishedSlots;
    private long reapedSlots;
    private boolean callbacks;
    private long usedEventLinear;

    static long ringBytes(int size) {
        return (PackedRing.bytes(size) + 15) & ~15L;
    }

    /** Starts at ring position {@code start} with wrap counter {@code wrap}, slots holding the previous laps. */
    PackedDriverModel(GuestRam ram, int size, boolean eventIdx, int areas, int start, boolean wrap) {
        this(ram, new PackedDriver(ram.firstRegion(), GuestRam.BASE, 0, size, start, wrap), eventIdx, areas);
    }

    private PackedDriverModel(GuestRam ram, PackedDriver packed, boolean eventIdx, int areas) {
        super(ram, packed, eventIdx, GuestRam.BASE + ringBytes(packed.size()), areas);
        this.packed = packed;
        this.ring = packed.ring();
    }

    /** The ring's fields, for the queue's configuration. */
    PackedRing ring() {
        return ring;
    }

    @Override
    MemorySegment indirectTable(Submission s) {
        int n = s.shape.descriptors();
        MemorySegment table = MemorySegment.ofArray(new byte[(int) VringPackedDesc.SIZE * n]);
        for (int j = 0; j < n; j++) {
            int flags = j >= s.shape.readable().length ? VRING_DESC_F_WRITE : 0;
            PackedRing.putDesc(table, VringPackedDesc.SIZE * j, address(s, j), length(s, j), 0, flags);
        }
        return table;
    }

    @Override
    void placed(Submission s) {
        s.slots = packed.slotsOf(s.id);
        numAdded += s.slots;
        publishedSlots += s.slots;
    }

    @Override
    void publish() {
        // each add already made its chain available
    }

    @Override
    boolean kickPrepare() {
        int offWrap = ring.deviceEventOffWrap();
        int flags = ring.deviceEventFlags();
        int now = packed.nextAvail();
        int old = (now - numAdded) & 0xffff;
        numAdded = 0;
        if (flags != VRING_PACKED_EVENT_FLAG_DESC) return flags != VRING_PACKED_EVENT_FLAG_DISABLE;
        int event = offWrap & 0x7fff;
        if (((offWrap >> 15) != 0) != packed.availWrap()) event -= size;
        return needEvent(event & 0xffff, now, old);
    }

    @Override
    long publishedLinear() {
        return publishedSlots;
    }

    @Override
    int reap() {
        int n = 0;
        for (int id; (id = driver.pollUsed()) >= 0; n++) {
            reapedSlots += complete(id, driver.usedLength()).slots;
            if (callbacks && eventIdx) setEvent(VRING_PACKED_EVENT_FLAG_DESC); // Linux get_buf keeps off_wrap current
        }
        return n;
    }

    private void setEvent(int flags) {
        if (flags == VRING_PACKED_EVENT_FLAG_DESC) {
            ring.driverEvent(packed.lastUsed() | (packed.usedWrap() ? 0x8000 : 0), flags);
            usedEventLinear = reapedSlots;
        } else {
            ring.driverEventFlags(flags);
        }
    }

    @Override
    boolean enableCallbacks() {
        callbacks = true;
        setEvent(eventIdx ? VRING_PACKED_EVENT_FLAG_DESC : VRING_PACKED_EVENT_FLAG_ENABLE);
        return packed.isUsed(packed.lastUsed(), packed.usedWrap());
    }

    @Override
    void disableCallbacks() {
        callbacks = false;
        setEvent(VRING_PACKED_EVENT_FLAG_DISABLE);
    }

    @Override
    long reapedLinear() {
        return usedEventLinear;
    }
}
