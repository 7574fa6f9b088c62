package io.jvirtiod.virtqueue;

import java.lang.foreign.MemorySegment;

/**
 * One mapped range of guest memory: guest-physical (vhost-user) or IOVA (VDUSE) addresses
 * {@code [guestAddress, guestAddress + host.byteSize())} backed by the host mapping {@code host}. The mapping must
 * be native memory: ring words are accessed atomically (which needs real alignment) and iovecs hand its
 * addresses to the kernel.
 */
public record GuestRegion(long guestAddress, MemorySegment host) {
    public GuestRegion {
        if (!host.isNative()) throw new IllegalArgumentException("guest memory must be a native mapping, not a heap segment");
        if (host.byteSize() == 0) throw new IllegalArgumentException("empty guest region at 0x" + Long.toHexString(guestAddress));
        if (Long.compareUnsigned(guestAddress + host.byteSize() - 1, guestAddress) < 0) {
            throw new IllegalArgumentException("guest region 0x" + Long.toHexString(guestAddress) + "+"
                    + host.byteSize() + " wraps the address space");
        }
    }

    public long size() {
        return host.byteSize();
    }

    /** Last guest address in the region (inclusive, so a region may end at 2^64). */
    public long lastAddress() {
        return guestAddress + host.byteSize() - 1;
    }
}
