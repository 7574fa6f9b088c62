package io.jvirtiod.virtqueue;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian accessors for virtio 1.x ring fields (guest-endian is little-endian, virtio 1.2 §2.4), in two
 * kinds: unaligned plain layouts for fields a driver may misplace (indirect tables), and aligned var handles
 * with acquire/release for the index and flag words that publish ring updates between guest and device.
 */
final class GuestEndian {
    private GuestEndian() {}

    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Aligned 16-bit word, coordinates (MemorySegment, long offset): getAcquire / setRelease. */
    static final VarHandle U16_ATOMIC = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
}
