package io.jvirtiod.binding.vhost;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct vhost_inflight_queue_split} (jvirtiod/vhost_inflight.h): vhost-user's QueueRegionSplit, one
 * virtqueue's region of the in-flight buffer, a 16-byte header followed by the flexible array
 * {@code desc[desc_num]} of {@link VhostInflightDescSplit}. The flexible array is not a member of
 * {@link #LAYOUT} (C has no size for it); {@link VhostInflightH#VHOST_INFLIGHT_QUEUE_SPLIT_DESC_OFFSET} is
 * where it starts, checked against C by the ABI probe.
 */
public final class VhostInflightQueueSplit {
    private VhostInflightQueueSplit() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("features"),          // region feature flags, none defined: 0
            JAVA_SHORT.withName("version"),          // VHOST_INFLIGHT_VERSION; 0 = uninitialized buffer
            JAVA_SHORT.withName("desc_num"),         // = queue size
            JAVA_SHORT.withName("last_batch_head"),  // head of the last batch's list
            JAVA_SHORT.withName("used_idx")          // used ring idx once the last batch is recorded
    ).withName("struct vhost_inflight_queue_split");

    public static final long OFFSET_FEATURES = LAYOUT.byteOffset(groupElement("features"));
    public static final long OFFSET_VERSION = LAYOUT.byteOffset(groupElement("version"));
    public static final long OFFSET_DESC_NUM = LAYOUT.byteOffset(groupElement("desc_num"));
    public static final long OFFSET_LAST_BATCH_HEAD = LAYOUT.byteOffset(groupElement("last_batch_head"));
    public static final long OFFSET_USED_IDX = LAYOUT.byteOffset(groupElement("used_idx"));
    public static final long OFFSET_DESC = VhostInflightH.VHOST_INFLIGHT_QUEUE_SPLIT_DESC_OFFSET;

    private static final VarHandle U16 = JAVA_SHORT.varHandle();

    /** Offset of {@code desc[head]} from the start of the region. */
    public static long descOffset(int head) {
        return OFFSET_DESC + (long) head * VhostInflightDescSplit.SIZE;
    }

    public static long features(MemorySegment r) {
        return r.get(JAVA_LONG, OFFSET_FEATURES);
    }

    public static void setFeatures(MemorySegment r, long value) {
        r.set(JAVA_LONG, OFFSET_FEATURES, value);
    }

    public static int version(MemorySegment r) {
        return r.get(JAVA_SHORT, OFFSET_VERSION) & 0xffff;
    }

    /** Stores the version after every earlier store is visible: version 1 marks an initialized region. */
    public static void setVersionRelease(MemorySegment r, int value) {
        U16.setRelease(r, OFFSET_VERSION, (short) value);
    }

    public static int descNum(MemorySegment r) {
        return r.get(JAVA_SHORT, OFFSET_DESC_NUM) & 0xffff;
    }

    public static void setDescNum(MemorySegment r, int value) {
        r.set(JAVA_SHORT, OFFSET_DESC_NUM, (short) value);
    }

    public static int lastBatchHead(MemorySegment r) {
        return r.get(JAVA_SHORT, OFFSET_LAST_BATCH_HEAD) & 0xffff;
    }

    /** Stores last_batch_head after the new head's {@code next} link is visible, so the list is never torn. */
    public static void setLastBatchHeadRelease(MemorySegment r, int value) {
        U16.setRelease(r, OFFSET_LAST_BATCH_HEAD, (short) value);
    }

    public static int usedIdx(MemorySegment r) {
        return r.get(JAVA_SHORT, OFFSET_USED_IDX) & 0xffff;
    }

    /** Stores used_idx after the batch's inflight flags were cleared: it marks the batch fully recorded. */
    public static void setUsedIdxRelease(MemorySegment r, int value) {
        U16.setRelease(r, OFFSET_USED_IDX, (short) value);
    }
}
