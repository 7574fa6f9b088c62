package io.jvirtiod.virtqueue;

/**
 * Every way a driver can break a virtqueue, with the spec clause it violates. Why: the guest is untrusted, and
 * a device must turn a malformed ring into DEVICE_NEEDS_RESET or an error reply, never a crash; a closed set of
 * kinds lets it decide which without parsing messages.
 */
public enum QueueError {
    /** Queue size zero, above 32768, or (split) not a power of two. virtio 1.2 §2.7, §2.8. */
    QUEUE_SIZE_INVALID("invalid queue size", "§2.7/§2.8"),
    /** Descriptor table, driver or device area misaligned or outside guest memory. virtio 1.2 §2.7.2, §2.8.1. */
    RING_ADDRESS_INVALID("ring area misaligned or outside guest memory", "§2.7.2"),
    /** avail->idx moved more than the queue size past the device's last seen index. virtio 1.2 §2.7.6. */
    AVAIL_INDEX_AHEAD("avail idx ahead of the device by more than the queue size", "§2.7.6"),
    /** A head or next index at or above the size of the table it indexes. virtio 1.2 §2.7.5, §2.7.6. */
    DESCRIPTOR_INDEX_OUT_OF_RANGE("descriptor index outside its table", "§2.7.5"),
    /** A chain that revisits descriptors or is longer than the queue allows. virtio 1.2 §2.7.5.2, §2.7.5.3.1. */
    CHAIN_TOO_LONG("descriptor chain longer than allowed (a loop?)", "§2.7.5.3.1"),
    /** A chain whose buffers add up to more than 2^32 bytes. virtio 1.2 §2.7.5.2. */
    CHAIN_TOO_LARGE("descriptor chain longer than 2^32 bytes in total", "§2.7.5.2"),
    /** VIRTQ_DESC_F_INDIRECT without VIRTIO_RING_F_INDIRECT_DESC negotiated. virtio 1.2 §2.7.5.3.1. */
    INDIRECT_NOT_NEGOTIATED("indirect descriptor without VIRTIO_F_INDIRECT_DESC", "§2.7.5.3.1"),
    /** An indirect descriptor inside an indirect table. virtio 1.2 §2.7.5.3.1, §2.8.7. */
    NESTED_INDIRECT("indirect descriptor inside an indirect table", "§2.7.5.3.1"),
    /** Both VIRTQ_DESC_F_INDIRECT and VIRTQ_DESC_F_NEXT on one descriptor. virtio 1.2 §2.7.5.3.1, §2.8.7. */
    INDIRECT_WITH_NEXT("indirect descriptor with the NEXT flag", "§2.7.5.3.1"),
    /** Indirect table length zero, not a multiple of 16, or more entries than allowed. virtio 1.2 §2.7.5.3. */
    INDIRECT_TABLE_SIZE("badly sized indirect table", "§2.7.5.3"),
    /** A buffer or table not wholly inside guest memory. virtio 1.2 §2.7.5 (addr is a guest-physical address). */
    ADDRESS_OUT_OF_RANGE("buffer outside guest memory", "§2.7.5"),
    /** A device-readable buffer after a device-writable one. virtio 1.2 §2.7.4.2. */
    WRITABLE_BEFORE_READABLE("device-readable descriptor after a device-writable one", "§2.7.4.2"),
    /** A packed buffer id at or above the queue size (ids index per-buffer state). virtio 1.2 §2.8.13. */
    BUFFER_ID_OUT_OF_RANGE("buffer id at or above the queue size", "§2.8.13"),
    /** A head or buffer id made available again while the device still holds it. virtio 1.2 §2.7.13, §2.8.21. */
    BUFFER_ID_IN_FLIGHT("buffer made available again while in use by the device", "§2.7.13");

    private final String description;
    private final String clause;

    QueueError(String description, String clause) {
        this.description = description;
        this.clause = clause;
    }

    public String description() {
        return description;
    }

    /** The virtio 1.2 clause the driver violated. */
    public String clause() {
        return clause;
    }
}
