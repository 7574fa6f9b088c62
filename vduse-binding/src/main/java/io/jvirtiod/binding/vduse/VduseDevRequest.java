package io.jvirtiod.binding.vduse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code struct vduse_dev_request} (linux/vduse.h): one control request read(2) from /dev/vduse/NAME. Its
 * {@code type} (VDUSE_GET_VQ_STATE, VDUSE_SET_STATUS, VDUSE_UPDATE_IOTLB) says which member of the anonymous
 * union is meaningful; the union is padded to 128 bytes so the read size never changes.
 */
public final class VduseDevRequest {
    private VduseDevRequest() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("type"),                                       // enum vduse_req_type
            JAVA_INT.withName("request_id"),                                 // echoed in the response
            MemoryLayout.sequenceLayout(4, JAVA_INT).withName("reserved"),
            MemoryLayout.unionLayout(                                        // anonymous union by type
                    VduseVqState.LAYOUT.withName("vq_state"),                // VDUSE_GET_VQ_STATE: index only
                    VduseDevStatus.LAYOUT.withName("s"),                     // VDUSE_SET_STATUS
                    VduseIovaRange.LAYOUT.withName("iova"),                  // VDUSE_UPDATE_IOTLB
                    MemoryLayout.sequenceLayout(32, JAVA_INT).withName("padding")
            ).withName("$anon0")
    ).withName("struct vduse_dev_request");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_TYPE = LAYOUT.byteOffset(groupElement("type"));
    public static final long OFFSET_REQUEST_ID = LAYOUT.byteOffset(groupElement("request_id"));
    public static final long OFFSET_RESERVED = LAYOUT.byteOffset(groupElement("reserved"));
    public static final long OFFSET_VQ_STATE = LAYOUT.byteOffset(groupElement("$anon0"), groupElement("vq_state"));
    public static final long OFFSET_S = LAYOUT.byteOffset(groupElement("$anon0"), groupElement("s"));
    public static final long OFFSET_IOVA = LAYOUT.byteOffset(groupElement("$anon0"), groupElement("iova"));

    public static int type(MemorySegment s) { return s.get(JAVA_INT, OFFSET_TYPE); }
    public static void type(MemorySegment s, int v) { s.set(JAVA_INT, OFFSET_TYPE, v); }
    public static int request_id(MemorySegment s) { return s.get(JAVA_INT, OFFSET_REQUEST_ID); }
    public static void request_id(MemorySegment s, int v) { s.set(JAVA_INT, OFFSET_REQUEST_ID, v); }

    /** The VDUSE_GET_VQ_STATE payload, read with {@link VduseVqState}. */
    public static MemorySegment vq_state(MemorySegment s) { return s.asSlice(OFFSET_VQ_STATE, VduseVqState.SIZE); }

    /** The VDUSE_SET_STATUS payload, read with {@link VduseDevStatus}. */
    public static MemorySegment s(MemorySegment s) { return s.asSlice(OFFSET_S, VduseDevStatus.SIZE); }

    /** The VDUSE_UPDATE_IOTLB payload, read with {@link VduseIovaRange}. */
    public static MemorySegment iova(MemorySegment s) { return s.asSlice(OFFSET_IOVA, VduseIovaRange.SIZE); }
}
