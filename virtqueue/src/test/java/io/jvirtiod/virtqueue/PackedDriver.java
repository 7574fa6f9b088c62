package io.jvirtiod.virtqueue;

import java.util.ArrayDeque;

/** A packed-ring driver (virtio 1.2 §2.8.21-22) modelled on Linux's virtqueue_add_packed and friends. */
final class PackedDriver extends DriverModel {
    private static final int NEXT = 1, WRITE = 2, INDIRECT = 4, AVAIL = 1 << 7, USED = 1 << 15;
    private static final int ENABLE = 0, DISABLE = 1, DESC = 2;

    final long ring;
    final long driverEvent;
    final long deviceEvent;
    private final ArrayDeque<Integer> freeIds = new ArrayDeque<>();
    private int numFree;
    private int nextAvail;
    private boolean availWrap;
    private int lastUsed;
    private boolean usedWrap;
    private int numAdded;
    private long publishedSlots;
    private long reapedSlots;
    private boolean callbacks;
    private long usedEventLinear;

    static long ringBytes(int size) {
        return (16L * size + 8 + 15) & ~15L;
    }

    /** Starts at ring position {@code start} with wrap counter {@code wrap}, slots holding the previous laps. */
    PackedDriver(GuestRam ram, int size, boolean eventIdx, int areas, int start, boolean wrap) {
        super(ram, size, eventIdx, GuestRam.BASE + ringBytes(size), areas);
        ring = GuestRam.BASE;
        driverEvent = ring + 16L * size;
        deviceEvent = driverEvent + 4;
        for (int i = size - 1; i >= 0; i--) freeIds.push(i);
        numFree = size;
        nextAvail = lastUsed = start;
        availWrap = usedWrap = wrap;
        for (int i = 0; i < size; i++) {
            boolean lap = i < start ? wrap : !wrap; // the lap in which slot i was last used
            ram.put16(ring + 16L * i + 14, lap ? AVAIL | USED : 0);
        }
    }

    @Override
    long ringBytes() {
        return ringBytes(size);
    }

    @Override
    boolean hasRoom(ChainShape shape) {
        return !freeIds.isEmpty() && numFree >= (shape.indirect() ? 1 : shape.descriptors());
    }

    @Override
    int place(Submission s) {
        ChainShape shape = s.shape;
        int id = freeIds.pop();
        int n = shape.descriptors();
        int r = shape.readable().length;
        int head = nextAvail;
        int headFlags = 0;
        if (shape.indirect()) {
            long table = indirectTableAddress(s);
            for (int j = 0; j < n; j++) {
                boolean w = j >= r;
                long at = table + 16L * j;
                ram.put64(at, w ? s.writeAddr[j - r] : s.readAddr[j]);
                ram.put32(at + 8, w ? shape.writable()[j - r] : shape.readable()[j]);
                ram.put16(at + 12, 0);
                ram.put16(at + 14, w ? WRITE : 0);
            }
            long at = ring + 16L * nextAvail;
            ram.put64(at, table);
            ram.put32(at + 8, 16 * n);
            ram.put16(at + 12, id);
            headFlags = INDIRECT | availUsedFlags();
            advance();
            s.slots = 1;
        } else {
            for (int j = 0; j < n; j++) {
                boolean w = j >= r;
                long at = ring + 16L * nextAvail;
                ram.put64(at, w ? s.writeAddr[j - r] : s.readAddr[j]);
                ram.put32(at + 8, w ? shape.writable()[j - r] : shape.readable()[j]);
                ram.put16(at + 12, id);
                int flags = (w ? WRITE : 0) | (j + 1 < n ? NEXT : 0) | availUsedFlags();
                if (j == 0) headFlags = flags;
                else ram.put16(at + 14, flags);
                advance();
            }
            s.slots = n;
        }
        ram.put16(ring + 16L * head + 14, headFlags); // the head last: the chain becomes available at once
        numFree -= s.slots;
        numAdded += s.slots;
        publishedSlots += s.slots;
        return id;
    }

    private int availUsedFlags() {
        return availWrap ? AVAIL : USED;
    }

    private void advance() {
        if (++nextAvail == size) {
            nextAvail = 0;
            availWrap = !availWrap;
        }
    }

    @Override
    void publish() {
        // each add already made its chain available
    }

    @Override
    boolean kickPrepare() {
        int offWrap = ram.get16(deviceEvent);
        int flags = ram.get16(deviceEvent + 2);
        int now = nextAvail;
        int old = (now - numAdded) & 0xffff;
        numAdded = 0;
        if (flags != DESC) return flags != DISABLE;
        int event = offWrap & 0x7fff;
        if (((offWrap >> 15) != 0) != availWrap) event -= size;
        return needEvent(event & 0xffff, now, old);
    }

    @Override
    long publishedLinear() {
        return publishedSlots;
    }

    private boolean usedAt(int pos, boolean wrap) {
        int flags = ram.get16(ring + 16L * pos + 14);
        boolean a = (flags & AVAIL) != 0;
        boolean u = (flags & USED) != 0;
        return a == u && u == wrap;
    }

    @Override
    int reap() {
        int n = 0;
        while (usedAt(lastUsed, usedWrap)) {
            long at = ring + 16L * lastUsed;
            Submission s = complete(ram.get16(at + 12), ram.get32(at + 8));
            lastUsed += s.slots;
            if (lastUsed >= size) {
                lastUsed -= size;
                usedWrap = !usedWrap;
            }
            numFree += s.slots;
            reapedSlots += s.slots;
            freeIds.push(s.id);
            n++;
            if (callbacks && eventIdx) setEvent(DESC); // Linux get_buf keeps off_wrap current
        }
        return n;
    }

    private void setEvent(int flags) {
        if (flags == DESC) {
            ram.put16(driverEvent, lastUsed | (usedWrap ? 0x8000 : 0));
            usedEventLinear = reapedSlots;
        }
        ram.put16(driverEvent + 2, flags);
    }

    @Override
    boolean enableCallbacks() {
        callbacks = true;
        setEvent(eventIdx ? DESC : ENABLE);
        return usedAt(lastUsed, usedWrap);
    }

    @Override
    void disableCallbacks() {
        callbacks = false;
        setEvent(DISABLE);
    }

    @Override
    long reapedLinear() {
        return usedEventLinear;
    }
}
