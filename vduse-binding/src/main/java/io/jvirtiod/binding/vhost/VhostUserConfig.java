package io.jvirtiod.binding.vhost;

import io.jvirtiod.binding.Packed;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

/**
 * {@code struct vhost_user_config} (jvirtiod/vhost_user.h): "virtio device config space" of GET_CONFIG and
 * SET_CONFIG: {@code size} bytes of config space at {@code offset}.
 */
public final class VhostUserConfig {
    private VhostUserConfig() {}

    public static final StructLayout LAYOUT = Packed.struct(
            JAVA_INT.withName("offset"),                     // offset in config space
            JAVA_INT.withName("size"),                       // bytes (at most VHOST_USER_MAX_CONFIG_SIZE)
            JAVA_INT.withName("flags"),                      // VHOST_USER_CONFIG_FLAG_*
            MemoryLayout.sequenceLayout(256, JAVA_BYTE).withName("region") // the config bytes
    ).withName("struct vhost_user_config");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_OFFSET = LAYOUT.byteOffset(groupElement("offset"));
    public static final long OFFSET_SIZE = LAYOUT.byteOffset(groupElement("size"));
    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long OFFSET_REGION = LAYOUT.byteOffset(groupElement("region"));

    public static int offset(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_OFFSET); }
    public static void offset(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_OFFSET, v); }
    public static int size(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_SIZE); }
    public static void size(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_SIZE, v); }
    public static int flags(MemorySegment s) { return s.get(JAVA_INT_UNALIGNED, OFFSET_FLAGS); }
    public static void flags(MemorySegment s, int v) { s.set(JAVA_INT_UNALIGNED, OFFSET_FLAGS, v); }

    /** The region bytes. */
    public static MemorySegment region(MemorySegment s) { return s.asSlice(OFFSET_REGION, 256); }
}
