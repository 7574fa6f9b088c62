package io.jvirtiod.bench;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The smallest driver that keeps a ring busy for the benchmark: chains of a fixed shape (1 readable descriptor, or
 * virtio-blk's header/data/status) offered in bursts and reaped in order. It writes the ring bytes a Linux driver
 * would, and no more, so the measured time is the device engine plus that unavoidable driver work.
 */
abstract sealed class BenchDriver {
    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    final MemorySegment mem;   // guest memory from guest address 'base'
    final long base;
    final int size;
    final int descriptors;     // per chain: 1, or 3 (virtio-blk: 16-byte header, 4 KiB data, 1-byte status)
    final long dataArea;       // guest address of the buffers

    BenchDriver(MemorySegment mem, long base, int size, int descriptors, long dataArea) {
        this.mem = mem;
        this.base = base;
        this.size = size;
        this.descriptors = descriptors;
        this.dataArea = dataArea;
    }

    long off(long gpa) {
        return gpa - base;
    }

    long addressOf(int chain, int d) {
        return dataArea + chain * 8192L + (d == 0 ? 0 : d == 1 ? 64 : 64 + 4096);
    }

    int lengthOf(int d) {
        return descriptors == 1 ? 512 : d == 0 ? 16 : d == 1 ? 4096 : 1;
    }

    boolean writable(int d) {
        return descriptors == 3 && d > 0; // a read request: the device fills data and status
    }

    /** Makes {@code n} chains available and publishes them. */
    abstract void offer(int n);

    /** Reaps every used chain; returns how many. */
    abstract int reap();

    /** Split ring (virtio 1.2 §2.7): descriptors written once, only avail entries and idx per chain. */
    static final class Split extends BenchDriver {
        final long desc, avail, used;
        final int chains;
        int availIdx, lastUsed, nextChain;

        Split(MemorySegment mem, long base, int size, int descriptors, long dataArea) {
            super(mem, base, size, descriptors, dataArea);
            desc = base;
            avail = desc + 16L * size;
            used = (avail + 6 + 2L * size + 3) & ~3L;
            chains = size / descriptors;
            for (int c = 0; c < chains; c++) {
                for (int d = 0; d < descriptors; d++) {
                    long at = off(desc + 16L * (c * descriptors + d));
                    mem.set(U64, at, addressOf(c, d));
                    mem.set(U32, at + 8, lengthOf(d));
                    mem.set(U16, at + 12, (short) ((d + 1 < descriptors ? 1 : 0) | (writable(d) ? 2 : 0)));
                    mem.set(U16, at + 14, (short) (c * descriptors + d + 1));
                }
            }
        }

        @Override
        void offer(int n) {
            for (int i = 0; i < n; i++) {
                mem.set(U16, off(avail + 4 + 2L * (availIdx & (size - 1))), (short) (nextChain * descriptors));
                availIdx = (availIdx + 1) & 0xffff;
                if (++nextChain == chains) nextChain = 0;
            }
            mem.set(U16, off(avail + 2), (short) availIdx);
        }

        @Override
        int reap() {
            int idx = mem.get(U16, off(used + 2)) & 0xffff;
            int n = 0;
            for (; lastUsed != idx; lastUsed = (lastUsed + 1) & 0xffff, n++) {
                long e = off(used + 4 + 8L * (lastUsed & (size - 1)));
                if (mem.get(U32, e) % descriptors != 0) throw new IllegalStateException("bad used id");
            }
            return n;
        }
    }

    /** Packed ring (virtio 1.2 §2.8): every slot rewritten per chain, AVAIL/USED bits by wrap counter. */
    static final class Packed extends BenchDriver {
        final long ring;
        int nextAvail, lastUsed, nextId;
        boolean availWrap = true, usedWrap = true;

        Packed(MemorySegment mem, long base, int size, int descriptors, long dataArea) {
            super(mem, base, size, descriptors, dataArea);
            ring = base;
        }

        @Override
        void offer(int n) {
            for (int i = 0; i < n; i++) {
                int id = nextId;
                if (++nextId == size / descriptors) nextId = 0;
                int head = nextAvail;
                int headFlags = 0;
                for (int d = 0; d < descriptors; d++) {
                    long at = off(ring + 16L * nextAvail);
                    mem.set(U64, at, addressOf(id, d));
                    mem.set(U32, at + 8, lengthOf(d));
                    mem.set(U16, at + 12, (short) id);
                    int flags = (d + 1 < descriptors ? 1 : 0) | (writable(d) ? 2 : 0) | (availWrap ? 1 << 7 : 1 << 15);
                    if (d == 0) headFlags = flags;
                    else mem.set(U16, at + 14, (short) flags);
                    if (++nextAvail == size) {
                        nextAvail = 0;
                        availWrap = !availWrap;
                    }
                }
                mem.set(U16, off(ring + 16L * head + 14), (short) headFlags);
            }
        }

        @Override
        int reap() {
            int n = 0;
            while (true) {
                int flags = mem.get(U16, off(ring + 16L * lastUsed + 14)) & 0xffff;
                boolean a = (flags & 1 << 7) != 0, u = (flags & 1 << 15) != 0;
                if (a != u || u != usedWrap) return n;
                lastUsed += descriptors;
                if (lastUsed >= size) {
                    lastUsed -= size;
                    usedWrap = !usedWrap;
                }
                n++;
            }
        }
    }
}
