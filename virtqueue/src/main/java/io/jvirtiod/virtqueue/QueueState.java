package io.jvirtiod.virtqueue;

/**
 * Where the device stands in a ring, for save/restore across a daemon restart or migration (vhost-user
 * GET/SET_VRING_BASE, VDUSE_VQ_GET_INFO's split/packed state). Split rings use the free-running 16-bit indices
 * and ignore the wrap counters; packed rings use ring positions (0 .. size-1) and the wrap counters.
 *
 * @param nextAvail  split: last_avail_idx; packed: position of the next descriptor to fetch
 * @param availWrap  packed: the device's available wrap counter
 * @param nextUsed   split: used->idx; packed: position of the next used descriptor
 * @param usedWrap   packed: the device's used wrap counter
 */
public record QueueState(int nextAvail, boolean availWrap, int nextUsed, boolean usedWrap) {
    /** A freshly enabled queue (virtio 1.2 §2.8.1: wrap counters start at 1). */
    public static final QueueState INITIAL = new QueueState(0, true, 0, true);

    public QueueState {
        if ((nextAvail & ~0xffff) != 0 || (nextUsed & ~0xffff) != 0) {
            throw new IllegalArgumentException("ring index out of 16 bits: avail " + nextAvail + ", used " + nextUsed);
        }
    }

    /** The vhost-user/VDUSE packed encoding of the avail side: position | wrap << 15. */
    public int packedAvailBase() {
        return nextAvail | (availWrap ? 0x8000 : 0);
    }

    /** The vhost-user/VDUSE packed encoding of the used side: position | wrap << 15. */
    public int packedUsedBase() {
        return nextUsed | (usedWrap ? 0x8000 : 0);
    }
}
