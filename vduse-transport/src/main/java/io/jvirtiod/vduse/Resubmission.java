package io.jvirtiod.vduse;

import io.jvirtiod.binding.virtio.VringAvail;
import io.jvirtiod.virtqueue.DescriptorChain;
import io.jvirtiod.virtqueue.GuestMemory;
import io.jvirtiod.virtqueue.GuestRegion;
import io.jvirtiod.virtqueue.QueueConfig;
import io.jvirtiod.virtqueue.QueueState;
import io.jvirtiod.virtqueue.Virtqueue;
import io.jvirtiod.virtqueue.VirtqueueException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Serves again, oldest first, the requests a killed daemon had fetched but not completed. Why a private avail
 * ring: the heads to resubmit come from the in-flight log, not from the driver's avail ring (completions may
 * have been out of order), but they must be walked, validated and completed exactly like fresh ones. So a queue
 * is opened over the driver's descriptor table and used ring with a private avail ring, placed at an IOVA no
 * mapping uses, that lists those heads; its completions go to the real used ring through the same in-flight
 * hooks. The real queue then continues from the used index this leaves.
 */
final class Resubmission {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Resubmission() {}

    /**
     * Resubmits {@code heads} and returns the used index after their completion. Throws when the driver's ring
     * no longer holds them validly (the queue is then broken) or no IOVA is free for the private ring.
     */
    static int run(IovaSpace iotlb, QueueConfig config, int usedIdx, int[] heads, LogTracker tracker,
                   ChainServer server) throws VirtqueueException {
        if (heads.length == 0) return usedIdx;
        int size = config.size();
        long bytes = (VringAvail.sizeOf(size) + 4095) & ~4095L;
        long iova = iotlb.freeIovaAbove(bytes);
        if (iova < 0) throw new IllegalStateException("no free IOVA for the resubmission ring");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment avail = arena.allocate(bytes, 4096);
            avail.set(U16, VringAvail.OFFSET_IDX, (short) heads.length);
            for (int i = 0; i < heads.length; i++) avail.set(U16, VringAvail.offsetOfRing(i), (short) heads[i]);
            GuestMemory memory = iotlb.with(new GuestRegion(iova, avail));
            QueueConfig shadow = new QueueConfig(size, config.descTable(), iova, config.deviceArea(), config.features());
            tracker.resubmitting(true);
            try {
                Virtqueue q = Virtqueue.open(memory, shadow, new QueueState(0, true, usedIdx, true), tracker);
                q.disableNotification(); // must not write an avail_event for this private ring into the used ring
                for (int i = 0; i < heads.length; i++) {
                    DescriptorChain c = q.pop();
                    if (c == null) throw new IllegalStateException("resubmission ring ran dry at " + i);
                    q.pushUsed(c.head(), server.serve(c));
                }
                return q.state().nextUsed();
            } finally {
                tracker.resubmitting(false);
            }
        }
    }
}
