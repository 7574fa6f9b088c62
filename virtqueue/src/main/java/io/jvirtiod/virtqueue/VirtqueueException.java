package io.jvirtiod.virtqueue;

/**
 * A driver error found in a virtqueue: a {@link QueueError} kind and the bad value. Checked, so every device
 * poll loop must decide (DEVICE_NEEDS_RESET or an error reply) instead of letting it escape. Carries no stack
 * trace: it describes the guest's mistake, not ours, and a hostile guest must not make errors expensive.
 */
public final class VirtqueueException extends Exception {
    private final QueueError kind;
    private final long value;

    public VirtqueueException(QueueError kind, long value, String detail) {
        super(kind.description() + ": " + value + (detail.isEmpty() ? "" : " (" + detail + ")")
                + " [virtio 1.2 " + kind.clause() + "]", null, false, false);
        this.kind = kind;
        this.value = value;
    }

    public QueueError kind() {
        return kind;
    }

    /** The offending value (an index, address, length or id). */
    public long value() {
        return value;
    }
}
