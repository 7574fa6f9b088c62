package io.jvirtiod.vduse;

import io.jvirtiod.virtqueue.GuestMemory;
import io.jvirtiod.virtqueue.GuestRegion;

/**
 * The device's IOVA space as {@link Resubmission} needs it: a free range for a private ring and a memory view
 * with that ring added. Why an interface: the VDUSE IOTLB ({@link IotlbMap}) provides it in the daemon, and a
 * test provides it over plain memory, so recovery is tested without /dev/vduse.
 */
interface IovaSpace {
    /** A page-aligned IOVA above every mapped range with room for {@code bytes}, or -1 when there is none. */
    long freeIovaAbove(long bytes);

    /** The mapped memory plus {@code extra}. */
    GuestMemory with(GuestRegion extra);
}
