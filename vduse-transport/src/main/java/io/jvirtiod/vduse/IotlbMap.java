package io.jvirtiod.vduse;

import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.ErrnoException;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.Mman;
import io.jvirtiod.binding.sys.MmanH;
import io.jvirtiod.binding.vduse.VduseH;
import io.jvirtiod.binding.vduse.VduseIotlbEntry;
import io.jvirtiod.virtqueue.GuestMemory;
import io.jvirtiod.virtqueue.GuestRegion;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The guest memory of a VDUSE device as this process sees it: every address in a VDUSE virtqueue is an IOVA,
 * and the kernel hands out, per IOVA range, a file to mmap (VDUSE_IOTLB_GET_FD). This class walks the kernel's
 * IOTLB, mmaps each range once (cached by range and file offset), and builds the {@link GuestMemory} the
 * virtqueues translate through. Ranges the kernel announces as changed (UPDATE_IOTLB) or all of them on reset
 * are unmapped, which the caller may do only while no queue thread uses them.
 *
 * <p>Why unmapping is so guarded: a queue thread holds raw addresses of these mappings (in its GuestMemory, and
 * in iovecs handed to the kernel). An unmap under its feet faults the JVM, or worse, lets a later mmap land at
 * the same address so that a stale iovec writes guest data into it. So a {@link #refresh()}, which queue threads
 * call when a ring address is not mapped yet, never unmaps: a mapping the kernel replaced is only retired (out of
 * the memory, still mapped) and unmapped at the next point where no queue runs ({@link #invalidate},
 * {@link #clear}, {@link #close}). Each mapping also lives in its own shared arena, so that a Java access after
 * the unmap throws IllegalStateException instead of faulting (closing a shared arena waits out its readers).
 *
 * <p>Only read-write ranges become guest memory: a device writes into buffers the driver made device-writable,
 * and writing a read-only mapping would kill the process with SIGSEGV. A request in such a range fails as
 * "outside guest memory" instead (the driver broke the ring, not us).
 */
public final class IotlbMap implements AutoCloseable {
    /** One mmap'd IOTLB range; closing its arena unmaps it. */
    record Mapping(long start, long last, long offset, int perm, Arena arena, MemorySegment host) {
        void unmap() {
            arena.close();
        }
    }

    private final VduseDevice device;
    private final List<Mapping> mappings = new ArrayList<>();
    private final List<Mapping> retired = new ArrayList<>(); // replaced while queues may run; unmapped later
    private GuestMemory memory; // null while nothing is mapped (GuestMemory needs a region)
    private volatile long generation; // read unlocked by queue threads, once per drain

    public IotlbMap(VduseDevice device) {
        this.device = device;
    }

    /** The memory built by the last {@link #refresh()}; throws when the kernel has mapped nothing yet. */
    public synchronized GuestMemory memory() {
        if (memory == null) throw new IllegalStateException("the VDUSE IOTLB maps no read-write range yet");
        return memory;
    }

    /** Bumped whenever {@link #memory()} changes. */
    public long generation() {
        return generation;
    }

    /**
     * Maps every IOTLB range not mapped yet and returns the memory; safe while queues run (it only adds).
     * The kernel adds ranges lazily (VDUSE maps its bounce buffer at the first DMA mapping), hence on demand.
     */
    public synchronized GuestMemory refresh() {
        boolean changed = false;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = a.allocate(VduseIotlbEntry.LAYOUT);
            long start = 0;
            while (true) {
                int fd = device.iotlbGetFdRaw(e, start, -1L);
                if (fd == -Errno.EINVAL) break; // no range at or above start
                if (fd < 0) throw new ErrnoException("ioctl(VDUSE_IOTLB_GET_FD 0x" + Long.toHexString(start) + ")", -fd);
                long s = VduseIotlbEntry.start(e);
                long last = VduseIotlbEntry.last(e);
                long off = VduseIotlbEntry.offset(e);
                int perm = VduseIotlbEntry.perm(e) & 0xff;
                try {
                    if (Long.compareUnsigned(last, s) < 0 || Long.compareUnsigned(s, start) < 0) {
                        throw new IllegalStateException("IOTLB entry 0x" + Long.toHexString(s) + "-0x"
                                + Long.toHexString(last) + " does not answer a query from 0x" + Long.toHexString(start));
                    }
                    if (find(s, last, off, perm) == null && perm == VduseH.VDUSE_ACCESS_RW) {
                        retireOverlapping(s, last);
                        MemorySegment raw = Mman.mmap(last - s + 1, MmanH.PROT_READ | MmanH.PROT_WRITE,
                                MmanH.MAP_SHARED, fd, off);
                        Arena arena = Arena.ofShared();
                        mappings.add(new Mapping(s, last, off, perm, arena, raw.reinterpret(arena, Mman::munmap)));
                        changed = true;
                    }
                } finally {
                    FileIo.closeRaw(fd);
                }
                if (last == -1L) break;
                start = last + 1;
            }
        }
        if (changed) rebuild();
        return memory();
    }

    private Mapping find(long start, long last, long offset, int perm) {
        for (Mapping m : mappings) {
            if (m.start == start && m.last == last && m.offset == offset && m.perm == perm) return m;
        }
        return null;
    }

    /**
     * UPDATE_IOTLB: the kernel changed {@code [start, last]}; unmap what overlaps it, and what was retired before
     * (queues must be paused: no thread may hold this memory).
     */
    public synchronized void invalidate(long start, long last) {
        boolean changed = retireOverlapping(start, last);
        unmapRetired();
        if (changed) rebuild();
    }

    /** Device reset: unmap everything (queues must be stopped). */
    public synchronized void clear() {
        retired.addAll(mappings);
        mappings.clear();
        unmapRetired();
        rebuild();
    }

    /** Takes what overlaps {@code [start, last]} out of the memory, without unmapping it yet. */
    private boolean retireOverlapping(long start, long last) {
        boolean any = false;
        for (Iterator<Mapping> it = mappings.iterator(); it.hasNext(); ) {
            Mapping m = it.next();
            if (Long.compareUnsigned(m.start, last) <= 0 && Long.compareUnsigned(start, m.last) <= 0) {
                it.remove();
                retired.add(m);
                any = true;
            }
        }
        return any;
    }

    private void unmapRetired() {
        for (Mapping m : retired) m.unmap();
        retired.clear();
    }

    private void rebuild() {
        List<GuestRegion> regions = new ArrayList<>();
        for (Mapping m : mappings) regions.add(new GuestRegion(m.start, m.host));
        memory = regions.isEmpty() ? null : GuestMemory.of(regions);
        generation++;
    }

    @Override
    public synchronized void close() {
        clear();
    }
}
