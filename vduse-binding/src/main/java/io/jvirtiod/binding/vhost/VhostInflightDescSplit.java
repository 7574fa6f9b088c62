package io.jvirtiod.binding.vhost;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct vhost_inflight_desc_split} (jvirtiod/vhost_inflight.h): vhost-user's DescStateSplit, the
 * in-flight state of one descriptor-table slot. It lives in memory shared with QEMU (or in our own resume
 * file), so the byte layout is QEMU's, and the {@code inflight} flag has release/acquire accessors: it is the
 * store that publishes a fetch, and a crash may stop the process between any two stores.
 */
public final class VhostInflightDescSplit {
    private VhostInflightDescSplit() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_BYTE.withName("inflight"),                                 // 1 while fetched and not used
            MemoryLayout.sequenceLayout(5, JAVA_BYTE).withName("padding"),  // zero
            JAVA_SHORT.withName("next"),                                    // last-batch list link
            JAVA_LONG.withName("counter")                                   // fetch order
    ).withName("struct vhost_inflight_desc_split");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_INFLIGHT = LAYOUT.byteOffset(groupElement("inflight"));
    public static final long OFFSET_PADDING = LAYOUT.byteOffset(groupElement("padding"));
    public static final long PADDING_LENGTH = 5;
    public static final long OFFSET_NEXT = LAYOUT.byteOffset(groupElement("next"));
    public static final long OFFSET_COUNTER = LAYOUT.byteOffset(groupElement("counter"));

    private static final VarHandle INFLIGHT = JAVA_BYTE.varHandle();

    public static int inflight(MemorySegment s, long desc) {
        return s.get(JAVA_BYTE, desc + OFFSET_INFLIGHT) & 0xff;
    }

    /** The inflight flag, read with acquire semantics (later reads see what was stored before it was set). */
    public static int inflightAcquire(MemorySegment s, long desc) {
        return ((byte) INFLIGHT.getAcquire(s, desc + OFFSET_INFLIGHT)) & 0xff;
    }

    public static void setInflight(MemorySegment s, long desc, int value) {
        s.set(JAVA_BYTE, desc + OFFSET_INFLIGHT, (byte) value);
    }

    /** Stores the inflight flag after every earlier store of this thread (counter, links) is visible. */
    public static void setInflightRelease(MemorySegment s, long desc, int value) {
        INFLIGHT.setRelease(s, desc + OFFSET_INFLIGHT, (byte) value);
    }

    public static int next(MemorySegment s, long desc) {
        return s.get(JAVA_SHORT, desc + OFFSET_NEXT) & 0xffff;
    }

    public static void setNext(MemorySegment s, long desc, int value) {
        s.set(JAVA_SHORT, desc + OFFSET_NEXT, (short) value);
    }

    public static long counter(MemorySegment s, long desc) {
        return s.get(JAVA_LONG, desc + OFFSET_COUNTER);
    }

    public static void setCounter(MemorySegment s, long desc, long value) {
        s.set(JAVA_LONG, desc + OFFSET_COUNTER, value);
    }

    /** The padding bytes as one value, 0 when all five are zero (they are never written otherwise). */
    public static long padding(MemorySegment s, long desc) {
        long v = 0;
        for (int i = 0; i < PADDING_LENGTH; i++) v |= (long) (s.get(JAVA_BYTE, desc + OFFSET_PADDING + i) & 0xff) << (8 * i);
        return v;
    }
}
