package io.jvirtiod.virtqueue;

import java.util.ArrayDeque;

/** A split-ring driver (virtio 1.2 §2.7.13-14) modelled on Linux's virtqueue_add_split and friends. */
final class SplitDriver extends DriverModel {
    private static final int NEXT = 1, WRITE = 2, INDIRECT = 4, NO_NOTIFY = 1, NO_INTERRUPT = 1;

    final long desc;
    final long avail;
    final long used;
    private final ArrayDeque<Integer> freeDescs = new ArrayDeque<>();
    private final int[][] descsOf;
    private int shadowAvail;
    private int lastUsed;
    private int numAdded;
    private long published;
    private boolean callbacks;
    private long usedEventLinear;

    static long ringBytes(int size) {
        long availOff = 16L * size;
        long usedOff = (availOff + 6 + 2L * size + 3) & ~3L;
        return (usedOff + 6 + 8L * size + 15) & ~15L;
    }

    SplitDriver(GuestRam ram, int size, boolean eventIdx, int areas, int start) {
        super(ram, size, eventIdx, GuestRam.BASE + ringBytes(size), areas);
        desc = GuestRam.BASE;
        avail = desc + 16L * size;
        used = (avail + 6 + 2L * size + 3) & ~3L;
        descsOf = new int[size][];
        for (int i = 0; i < size; i++) freeDescs.push(i);
        shadowAvail = lastUsed = start;
        ram.put16(avail + 2, start);
        ram.put16(used + 2, start);
    }

    @Override
    long ringBytes() {
        return ringBytes(size);
    }

    @Override
    boolean hasRoom(ChainShape shape) {
        return freeDescs.size() >= (shape.indirect() ? 1 : shape.descriptors());
    }

    @Override
    int place(Submission s) {
        ChainShape shape = s.shape;
        int n = shape.descriptors();
        int head;
        if (shape.indirect()) {
            long table = indirectTableAddress(s);
            for (int j = 0; j < n; j++) writeDesc(table + 16L * j, s, j, j + 1 < n ? j + 1 : 0);
            head = freeDescs.pop();
            long at = desc + 16L * head;
            ram.put64(at, table);
            ram.put32(at + 8, 16 * n);
            ram.put16(at + 12, INDIRECT);
            ram.put16(at + 14, 0);
            descsOf[head] = new int[] {head};
        } else {
            int[] ds = new int[n];
            for (int j = 0; j < n; j++) ds[j] = freeDescs.pop();
            for (int j = 0; j < n; j++) writeDesc(desc + 16L * ds[j], s, j, j + 1 < n ? ds[j + 1] : 0);
            head = ds[0];
            descsOf[head] = ds;
        }
        s.slots = 1;
        ram.put16(avail + 4 + 2L * (shadowAvail & (size - 1)), head);
        shadowAvail = (shadowAvail + 1) & 0xffff;
        numAdded++;
        return head;
    }

    private void writeDesc(long at, Submission s, int j, int next) {
        ChainShape shape = s.shape;
        int r = shape.readable().length;
        boolean w = j >= r;
        ram.put64(at, w ? s.writeAddr[j - r] : s.readAddr[j]);
        ram.put32(at + 8, w ? shape.writable()[j - r] : shape.readable()[j]);
        ram.put16(at + 12, (w ? WRITE : 0) | (j + 1 < shape.descriptors() ? NEXT : 0));
        ram.put16(at + 14, next);
    }

    @Override
    void publish() {
        int pending = (shadowAvail - ram.get16(avail + 2)) & 0xffff;
        published += pending;
        ram.put16(avail + 2, shadowAvail); // single-threaded test: program order is the release
    }

    @Override
    boolean kickPrepare() {
        int now = shadowAvail;
        int old = (now - numAdded) & 0xffff;
        numAdded = 0;
        if (eventIdx) return needEvent(ram.get16(used + 4 + 8L * size), now, old);
        return (ram.get16(used) & NO_NOTIFY) == 0;
    }

    @Override
    long publishedLinear() {
        return published;
    }

    @Override
    int reap() {
        int idx = ram.get16(used + 2);
        if (((idx - lastUsed) & 0xffff) > outstanding) { // used->idx only moves forward, by completed chains
            throw new AssertionError("used idx moved from " + lastUsed + " to " + idx + " with " + outstanding + " outstanding");
        }
        int n = 0;
        while (lastUsed != idx) {
            long e = used + 4 + 8L * (lastUsed & (size - 1));
            Submission s = complete(ram.get32(e), ram.get32(e + 4));
            for (int d : descsOf[s.id]) freeDescs.push(d);
            descsOf[s.id] = null;
            lastUsed = (lastUsed + 1) & 0xffff;
            n++;
            if (callbacks && eventIdx) setUsedEvent(lastUsed, reaped); // Linux get_buf keeps used_event current
        }
        return n;
    }

    private void setUsedEvent(int idx, long linear) {
        ram.put16(avail + 4 + 2L * size, idx);
        usedEventLinear = linear;
    }

    @Override
    boolean enableCallbacks() {
        callbacks = true;
        if (eventIdx) setUsedEvent(lastUsed, reaped);
        else ram.put16(avail, 0);
        return ram.get16(used + 2) != lastUsed;
    }

    @Override
    void disableCallbacks() {
        callbacks = false;
        ram.put16(avail, NO_INTERRUPT);
        if (eventIdx) setUsedEvent((lastUsed - 1) & 0xffff, reaped - 1); // an event already passed
    }

    @Override
    long reapedLinear() {
        return usedEventLinear;
    }
}
