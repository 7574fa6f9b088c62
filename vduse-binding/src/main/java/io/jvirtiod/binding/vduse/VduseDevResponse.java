package io.jvirtiod.binding.vduse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code struct vduse_dev_response} (linux/vduse.h): the answer write(2) to /dev/vduse/NAME for a request,
 * matched by {@code request_id}; a VDUSE_GET_VQ_STATE answer carries the state in the anonymous union.
 */
public final class VduseDevResponse {
    private VduseDevResponse() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("request_id"),                                 // the request answered
            JAVA_INT.withName("result"),                                     // VDUSE_REQ_RESULT_OK/FAILED
            MemoryLayout.sequenceLayout(4, JAVA_INT).withName("reserved"),   // must be zero
            MemoryLayout.unionLayout(                                        // anonymous union
                    VduseVqState.LAYOUT.withName("vq_state"),
                    MemoryLayout.sequenceLayout(32, JAVA_INT).withName("padding")
            ).withName("$anon0")
    ).withName("struct vduse_dev_response");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_REQUEST_ID = LAYOUT.byteOffset(groupElement("request_id"));
    public static final long OFFSET_RESULT = LAYOUT.byteOffset(groupElement("result"));
    public static final long OFFSET_RESERVED = LAYOUT.byteOffset(groupElement("reserved"));
    public static final long OFFSET_VQ_STATE = LAYOUT.byteOffset(groupElement("$anon0"), groupElement("vq_state"));

    public static int request_id(MemorySegment s) { return s.get(JAVA_INT, OFFSET_REQUEST_ID); }
    public static void request_id(MemorySegment s, int v) { s.set(JAVA_INT, OFFSET_REQUEST_ID, v); }
    public static int result(MemorySegment s) { return s.get(JAVA_INT, OFFSET_RESULT); }
    public static void result(MemorySegment s, int v) { s.set(JAVA_INT, OFFSET_RESULT, v); }

    /** The VDUSE_GET_VQ_STATE answer, written with {@link VduseVqState}. */
    public static MemorySegment vq_state(MemorySegment s) { return s.asSlice(OFFSET_VQ_STATE, VduseVqState.SIZE); }
}
