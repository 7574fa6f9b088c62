package io.jvirtiod.virtqueue;

import io.jvirtiod.binding.virtio.VringDesc;
import io.jvirtiod.mock.SplitDriver;
import io.jvirtiod.mock.SplitRing;

import java.lang.foreign.MemorySegment;

import static io.jvirtiod.binding.virtio.VirtioRingH.VRING_AVAIL_F_NO_INTERRUPT;
import static io.jvirtiod.binding.virtio.VirtioRingH.VRING_DESC_F_NEXT;
import static io.jvirtiod.binding.virtio.VirtioRingH.VRING_DESC_F_WRITE;
import static io.jvirtiod.binding.virtio.VirtioRingH.VRING_USED_F_NO_NOTIFY;

/**
 * The split-ring model (virtio 1.2 §2.7.13-14): the mock {@link SplitDriver} places, publishes and reaps; this
 * adds Linux's notification logic (virtqueue_kick_prepare_split, virtqueue_enable_cb_prepare_split).
 */
final class SplitDriverModel extends DriverModel {
    private final SplitDriver split;
    private final SplitRing ring;
    private int numAdded;
    private int unpublished;
    private long published;
    private boolean callbacks;
    private long usedEventLinear;

    static long ringBytes(int size) {
        return (SplitRing.bytes(size) + 15) & ~15L;
    }

    SplitDriverModel(GuestRam ram, int size, boolean eventIdx, int areas, int start) {
        this(ram, new SplitDriver(ram.firstRegion(), GuestRam.BASE, 0, size, start), eventIdx, areas);
    }

    private SplitDriverModel(GuestRam ram, SplitDriver split, boolean eventIdx, int areas) {
        super(ram, split, eventIdx, GuestRam.BASE + ringBytes(split.size()), areas);
        this.split = split;
        this.ring = split.ring();
    }

    /** The ring's fields, for the queue's configuration. */
    SplitRing ring() {
        return ring;
    }

    @Override
    MemorySegment indirectTable(Submission s) {
        int n = s.shape.descriptors();
        MemorySegment table = MemorySegment.ofArray(new byte[(int) VringDesc.SIZE * n]);
        for (int j = 0; j < n; j++) {
            int flags = (j >= s.shape.readable().length ? VRING_DESC_F_WRITE : 0) | (j + 1 < n ? VRING_DESC_F_NEXT : 0);
            SplitRing.putDesc(table, VringDesc.SIZE * j, address(s, j), length(s, j), flags, j + 1 < n ? j + 1 : 0);
        }
        return table;
    }

    @Override
    void placed(Submission s) {
        s.slots = 1;
        numAdded++;
        unpublished++;
    }

    @Override
    void publish() {
        published += unpublished;
        unpublished = 0;
        driver.publish();
    }

    @Override
    boolean kickPrepare() {
        int now = split.availIdx();
        int old = (now - numAdded) & 0xffff;
        numAdded = 0;
        if (eventIdx) return needEvent(ring.availEvent(), now, old);
        return (ring.usedFlags() & VRING_USED_F_NO_NOTIFY) == 0;
    }

    @Override
    long publishedLinear() {
        return published;
    }

    @Override
    int reap() {
        int n = 0;
        for (int id; (id = driver.pollUsed()) >= 0; n++) {
            complete(id, driver.usedLength());
            if (callbacks && eventIdx) setUsedEvent(split.lastUsed(), reaped); // Linux get_buf keeps it current
        }
        return n;
    }

    private void setUsedEvent(int idx, long linear) {
        ring.usedEvent(idx);
        usedEventLinear = linear;
    }

    @Override
    boolean enableCallbacks() {
        callbacks = true;
        if (eventIdx) setUsedEvent(split.lastUsed(), reaped);
        else ring.availFlags(0);
        return ring.usedIdx() != split.lastUsed();
    }

    @Override
    void disableCallbacks() {
        callbacks = false;
        ring.availFlags(VRING_AVAIL_F_NO_INTERRUPT);
        if (eventIdx) setUsedEvent((split.lastUsed() - 1) & 0xffff, reaped - 1); // an event already passed
    }

    @Override
    long reapedLinear() {
        return usedEventLinear;
    }
}
