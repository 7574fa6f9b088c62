package io.jvirtiod.binding.virtio;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian accessors for virtio 1.x ring fields (guest-endian is little-endian, virtio 1.2 §2.4), in two
 * kinds: unaligned plain layouts for fields a driver may misplace (indirect tables), and aligned var handles
 * with acquire/release for the index and flag words that publish ring updates between guest and device. One
 * definition for both sides: the device engine (virtqueue) and the tests' mock driver (virtio-mock).
 */
public final class VirtioEndian {
    private VirtioEndian() {}

    public static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Aligned 16-bit word, coordinates (MemorySegment, long offset): getAcquire / setRelease. */
    public static final VarHandle U16_ATOMIC = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
}
