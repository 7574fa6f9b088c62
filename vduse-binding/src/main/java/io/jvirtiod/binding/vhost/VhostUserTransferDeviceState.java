package io.jvirtiod.binding.vhost;

import io.jvirtiod.binding.Packed;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

/**
 * {@code struct vhost_user_transfer_device_state} (jvirtiod/vhost_user.h): "device state transfer
 * parameters" of SET_DEVICE_STATE_FD.
 */
public final class VhostUserTransferDeviceState {
    private VhostUserTransferDeviceState() {}

    public static final StructLayout LAYOUT = Packed.struct(
            JAVA_INT.withName("direction"),                  // VHOST_USER_TRANSFER_STATE_DIRECTION_*
            JAVA_INT.withName("phase")                       // VHOST_USER_TRANSFER_STATE_PHASE_*
    ).withName("struct vhost_user_transfer_device_state");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_DIRECTION = LAYOUT.byteOffset(groupElement("direction"));
    public static final long OFFSET_PHASE = LAYOUT.byteOffset(groupElement("phase"));

    public static int direction(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_DIRECTION); }
    public static void direction(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_DIRECTION, v); }
    public static int phase(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_PHASE); }
    public static void phase(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_PHASE, v); }
}
