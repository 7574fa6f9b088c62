package io.jvirtiod.vhostuser;

import io.jvirtiod.binding.sys.ErrnoException;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.Mman;
import io.jvirtiod.binding.sys.MmanH;
import io.jvirtiod.binding.vhost.VhostUserMemory;
import io.jvirtiod.binding.vhost.VhostUserMemoryRegion;
import io.jvirtiod.virtqueue.GuestMemory;
import io.jvirtiod.virtqueue.GuestRegion;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * The guest memory a front-end shared with SET_MEM_TABLE: each region's fd mapped shared, a {@link GuestMemory}
 * keyed by guest-physical address for the virtqueues, and translation of the front-end's own virtual addresses
 * (vhost-user.rst: SET_VRING_ADDR carries "the front-end's user address space" addresses, userspace_addr in the
 * region table) to guest-physical ones.
 *
 * <p>Every region is checked before it is mapped (sizes, wrap-around, overlaps, and that its fd's file holds it:
 * {@link FrontEndFile}), and a failure unmaps what was mapped, so a hostile table leaves nothing behind.
 * Unmapping is the owner's job, and only once no queue uses the memory any more (an access after munmap would
 * fault the whole process).
 */
final class MemoryTable implements AutoCloseable {
    private record Region(long guest, long size, long user, MemorySegment mapping) {}

    private final List<Region> regions;
    private final GuestMemory memory;

    private MemoryTable(List<Region> regions, GuestMemory memory) {
        this.regions = regions;
        this.memory = memory;
    }

    /**
     * Maps the {@code nregions} regions of a SET_MEM_TABLE payload with their fds (taken: closed once mapped,
     * as a mapping keeps the memory).
     */
    static MemoryTable map(MemorySegment payload, int[] fds) throws VhostUserProtocolException {
        int n = VhostUserMemory.nregions(payload);
        List<GuestRegion> guestRegions = new ArrayList<>(n);
        List<Region> mapped = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                MemorySegment r = VhostUserMemory.regions(payload, i);
                long gpa = VhostUserMemoryRegion.guest_phys_addr(r);
                long size = VhostUserMemoryRegion.memory_size(r);
                long user = VhostUserMemoryRegion.userspace_addr(r);
                long offset = VhostUserMemoryRegion.mmap_offset(r);
                String which = "SET_MEM_TABLE region " + i + " (guest 0x" + Long.toHexString(gpa) + ", size 0x"
                        + Long.toHexString(size) + ", user 0x" + Long.toHexString(user) + ", mmap_offset 0x"
                        + Long.toHexString(offset) + ")";
                FrontEndFile.requireCovers(which, fds[i], offset, size);
                if (Long.compareUnsigned(gpa + size - 1, gpa) < 0 || Long.compareUnsigned(user + size - 1, user) < 0) {
                    throw new VhostUserProtocolException(which + ": wraps the address space");
                }
                for (Region m : mapped) {
                    if (overlaps(m.user, m.size, user, size)) {
                        throw new VhostUserProtocolException(which + ": overlaps another region's user addresses");
                    }
                }
                MemorySegment mapping;
                try {
                    // As libvhost-user: map from file offset 0 so mmap_offset need not be page-aligned.
                    mapping = Mman.mmap(offset + size, MmanH.PROT_READ | MmanH.PROT_WRITE, MmanH.MAP_SHARED, fds[i], 0);
                } catch (ErrnoException e) {
                    throw new VhostUserProtocolException(which + ": " + e.getMessage());
                }
                mapped.add(new Region(gpa, size, user, mapping));
                guestRegions.add(new GuestRegion(gpa, mapping.asSlice(offset, size)));
            }
            GuestMemory memory;
            try {
                memory = GuestMemory.of(guestRegions);
            } catch (IllegalArgumentException e) {
                throw new VhostUserProtocolException("SET_MEM_TABLE: " + e.getMessage());
            }
            return new MemoryTable(List.copyOf(mapped), memory);
        } catch (VhostUserProtocolException | RuntimeException e) {
            for (Region m : mapped) Mman.munmap(m.mapping);
            throw e;
        } finally {
            for (int fd : fds) FileIo.closeRaw(fd);
        }
    }

    private static boolean overlaps(long a, long aSize, long b, long bSize) {
        return Long.compareUnsigned(a, b + bSize - 1) <= 0 && Long.compareUnsigned(b, a + aSize - 1) <= 0;
    }

    GuestMemory guestMemory() {
        return memory;
    }

    int regionCount() {
        return regions.size();
    }

    /**
     * The guest-physical address of front-end virtual address {@code user}, or -1 if no region holds it
     * (a ring address outside shared memory).
     */
    long userToGuest(long user) {
        for (Region r : regions) {
            long off = user - r.user;
            if (Long.compareUnsigned(off, r.size) < 0) return r.guest + off;
        }
        return -1;
    }

    @Override
    public void close() {
        for (Region r : regions) Mman.munmap(r.mapping);
    }
}
