package io.jvirtiod.virtqueue;

import io.jvirtiod.binding.sys.Iovec;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The guest's memory as the device sees it: mapped regions sorted by guest address, and translation of guest
 * ranges to host memory with bounds checks. Why: every address in a ring comes from the untrusted guest; the only
 * way from such an address to host memory is through here, and what comes out is a MemorySegment slice, so even a
 * bug further on cannot reach past the region (the JVM bounds-checks every access). A buffer may straddle two
 * adjacent regions; {@link #copyOut}, {@link #copyIn} and {@link #iovecs} handle it as a scatter list.
 *
 * <p>Immutable (but for a lookup hint whose races are harmless) and safe to share between queues on different
 * threads; a transport builds a new one when the guest's memory table changes.
 */
public final class GuestMemory {
    private final long[] starts;       // guest address of each region, ascending (unsigned)
    private final long[] lasts;        // last guest address of each region (inclusive)
    private final MemorySegment[] hosts;
    private int lastHit;               // region of the previous lookup: buffers cluster, most lookups hit it

    private GuestMemory(List<GuestRegion> sorted) {
        int n = sorted.size();
        if (n == 0) throw new IllegalArgumentException("guest memory without regions");
        starts = new long[n];
        lasts = new long[n];
        hosts = new MemorySegment[n];
        for (int i = 0; i < n; i++) {
            GuestRegion r = sorted.get(i);
            starts[i] = r.guestAddress();
            lasts[i] = r.lastAddress();
            hosts[i] = r.host();
        }
    }

    /** Builds the memory map; regions may come in any order but must not overlap. */
    public static GuestMemory of(List<GuestRegion> regions) {
        List<GuestRegion> sorted = new ArrayList<>(regions);
        sorted.sort(Comparator.comparing(GuestRegion::guestAddress, Long::compareUnsigned));
        for (int i = 1; i < sorted.size(); i++) {
            if (Long.compareUnsigned(sorted.get(i).guestAddress(), sorted.get(i - 1).lastAddress()) <= 0) {
                throw new IllegalArgumentException("guest regions overlap at 0x"
                        + Long.toHexString(sorted.get(i).guestAddress()));
            }
        }
        return new GuestMemory(sorted);
    }

    public static GuestMemory of(GuestRegion... regions) {
        return of(List.of(regions));
    }

    public int regionCount() {
        return starts.length;
    }

    /** Index of the region holding {@code address}, or -1. */
    private int find(long address) {
        int hint = lastHit; // a benign race: any stale value is just a wrong guess, checked below
        if (Long.compareUnsigned(address - starts[hint], lasts[hint] - starts[hint]) <= 0) return hint;
        int lo = 0;
        int hi = starts.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(address, starts[mid]) < 0) hi = mid - 1;
            else if (Long.compareUnsigned(address, lasts[mid]) > 0) lo = mid + 1;
            else return lastHit = mid;
        }
        return -1;
    }

    /**
     * The host slice for guest range {@code [address, address + length)}, which must lie in one region (rings and
     * indirect tables do); throws {@link QueueError#ADDRESS_OUT_OF_RANGE} naming the address otherwise.
     */
    public MemorySegment translate(long address, long length) throws VirtqueueException {
        MemorySegment s = translateOrNull(address, length);
        if (s == null) {
            throw new VirtqueueException(QueueError.ADDRESS_OUT_OF_RANGE, address,
                    "0x" + Long.toHexString(address) + "+" + length + " is not inside one guest memory region");
        }
        return s;
    }

    /** The host slice, or null when the range is not inside one region (a check for hot paths, no exception). */
    public MemorySegment translateOrNull(long address, long length) {
        int r = find(address);
        if (r < 0 || length < 0 || length > 0 && Long.compareUnsigned(length - 1, lasts[r] - address) > 0) return null;
        return hosts[r].asSlice(address - starts[r], length);
    }

    /** Whether {@code [address, address + length)} is all guest memory, possibly across adjacent regions. */
    public boolean contains(long address, long length) {
        if (length < 0) return false;
        int r = find(address);
        if (r < 0) return false;
        long remaining = length;
        long at = address;
        while (true) {
            long room = lasts[r] - at; // bytes after 'at' in region r
            if (Long.compareUnsigned(remaining - 1, room) <= 0 || remaining == 0) return true;
            remaining -= room + 1;
            at = lasts[r] + 1;
            if (at == 0 || ++r == starts.length || starts[r] != at) return false; // hole or end of the map
        }
    }

    /** Copies guest {@code [address, address + length)} to {@code dst} at {@code dstOffset}, across regions. */
    public void copyOut(long address, MemorySegment dst, long dstOffset, long length) {
        while (length > 0) {
            int r = regionOf(address);
            long inRegion = address - starts[r];
            long n = Math.min(length, hosts[r].byteSize() - inRegion);
            MemorySegment.copy(hosts[r], inRegion, dst, dstOffset, n);
            address += n;
            dstOffset += n;
            length -= n;
        }
    }

    /** Copies {@code length} bytes of {@code src} from {@code srcOffset} into guest memory at {@code address}. */
    public void copyIn(MemorySegment src, long srcOffset, long address, long length) {
        while (length > 0) {
            int r = regionOf(address);
            long inRegion = address - starts[r];
            long n = Math.min(length, hosts[r].byteSize() - inRegion);
            MemorySegment.copy(src, srcOffset, hosts[r], inRegion, n);
            address += n;
            srcOffset += n;
            length -= n;
        }
    }

    /**
     * Appends the host pieces of guest {@code [address, address + length)} to the iovec array {@code iov} from
     * entry {@code index}; returns the next free entry, or -1 when more than {@code maxEntries} would be needed.
     * The regions must be native mappings (their addresses are handed to the kernel).
     */
    public int iovecs(long address, long length, MemorySegment iov, int index, int maxEntries) {
        while (length > 0) {
            if (index >= maxEntries) return -1;
            int r = regionOf(address);
            long inRegion = address - starts[r];
            long n = Math.min(length, hosts[r].byteSize() - inRegion);
            Iovec.set(iov, index++, hosts[r].address() + inRegion, n);
            address += n;
            length -= n;
        }
        return index;
    }

    private int regionOf(long address) {
        int r = find(address);
        if (r < 0) {
            // Callers pass only ranges checked by contains(); reaching here is a bug in the engine, not the guest.
            throw new IllegalStateException("unchecked guest address 0x" + Long.toHexString(address));
        }
        return r;
    }
}
