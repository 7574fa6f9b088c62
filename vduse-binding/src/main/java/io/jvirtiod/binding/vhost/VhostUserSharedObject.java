package io.jvirtiod.binding.vhost;

import io.jvirtiod.binding.Packed;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * {@code struct vhost_user_shared_object} (jvirtiod/vhost_user.h): "virtio shared object": the UUID that
 * names an object exported between back-ends.
 */
public final class VhostUserSharedObject {
    private VhostUserSharedObject() {}

    public static final StructLayout LAYOUT = Packed.struct(
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("uuid") // RFC 4122 UUID
    ).withName("struct vhost_user_shared_object");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_UUID = LAYOUT.byteOffset(groupElement("uuid"));

    /** The uuid bytes. */
    public static MemorySegment uuid(MemorySegment s) { return s.asSlice(OFFSET_UUID, 16); }
}
