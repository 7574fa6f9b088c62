package io.jvirtiod.inflight;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The header of jvirtiod's in-flight log file: what the vhost-user queue regions do not carry and a
 * restarted VDUSE daemon needs (which device, its geometry and negotiated features, where each queue stood).
 *
 * <p>Layout (host byte order, like the QEMU regions that follow; the magic doubles as a byte-order check):
 * <pre>
 *   0   identity record, immutable after creation, CRC32C-checked (bytes [0, 384) with crc32c as 0)
 *   384 u64 generation: +1 at every open (a single aligned store, so never torn)
 *   392 reserved, zero
 *   512 + 64*q  queue q's resume slot (one cache line each, so queues never share a line)
 *   header_size = ALIGN_UP(512 + 64*num_queues, 4096): queue regions start page-aligned, so the region
 *                 area can be mmap'd by offset (VhostUserInflight.mmap_offset) on its own
 * </pre>
 * The identity is written once, in a temporary file renamed over the old log, so a crash never tears it.
 */
final class LogHeader {
    private LogHeader() {}

    /** "JVIOINFL" read as a host-order (little-endian) u64. */
    static final long MAGIC = 0x4c464e494f49564aL;
    static final int FORMAT_VERSION = 1;
    static final int DEVICE_NAME_MAX = 256; // VDUSE_NAME_MAX, NUL included
    static final int PAGE = 4096;

    static final StructLayout IDENTITY = MemoryLayout.structLayout(
            JAVA_LONG.withName("magic"),            // MAGIC
            JAVA_INT.withName("format_version"),    // FORMAT_VERSION
            JAVA_INT.withName("crc32c"),            // CRC32C of the identity with this field zero
            JAVA_INT.withName("header_size"),       // bytes before queue region 0, a page multiple
            JAVA_INT.withName("num_queues"),        // 1..65535
            JAVA_INT.withName("queue_size"),        // power of two, 1..32768
            JAVA_INT.withName("region_stride"),     // VhostInflightH.splitQueueRegionSize(queue_size)
            JAVA_LONG.withName("features"),         // virtio features the driver negotiated
            JAVA_LONG.withName("file_size"),        // header_size + num_queues * region_stride
            MemoryLayout.sequenceLayout(DEVICE_NAME_MAX, JAVA_BYTE).withName("device_name"), // NUL-padded UTF-8
            MemoryLayout.sequenceLayout(80, JAVA_BYTE).withName("reserved") // zero
    );

    static final long OFFSET_MAGIC = IDENTITY.byteOffset(groupElement("magic"));
    static final long OFFSET_FORMAT_VERSION = IDENTITY.byteOffset(groupElement("format_version"));
    static final long OFFSET_CRC = IDENTITY.byteOffset(groupElement("crc32c"));
    static final long OFFSET_HEADER_SIZE = IDENTITY.byteOffset(groupElement("header_size"));
    static final long OFFSET_NUM_QUEUES = IDENTITY.byteOffset(groupElement("num_queues"));
    static final long OFFSET_QUEUE_SIZE = IDENTITY.byteOffset(groupElement("queue_size"));
    static final long OFFSET_REGION_STRIDE = IDENTITY.byteOffset(groupElement("region_stride"));
    static final long OFFSET_FEATURES = IDENTITY.byteOffset(groupElement("features"));
    static final long OFFSET_FILE_SIZE = IDENTITY.byteOffset(groupElement("file_size"));
    static final long OFFSET_DEVICE_NAME = IDENTITY.byteOffset(groupElement("device_name"));
    static final long OFFSET_RESERVED = IDENTITY.byteOffset(groupElement("reserved"));
    static final long IDENTITY_SIZE = IDENTITY.byteSize();

    static final long OFFSET_GENERATION = IDENTITY_SIZE;
    static final long OFFSET_SLOTS = 512;
    static final long MIN_SIZE = OFFSET_SLOTS; // identity + generation + reserved, before any slot

    /** Queue resume slot, one 64-byte line per queue. The used idx is the queue region's own used_idx. */
    static final StructLayout SLOT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("last_avail_idx"),                         // avail ring position to fetch next
            MemoryLayout.sequenceLayout(6, JAVA_BYTE).withName("reserved0"), // zero (room for packed wrap counters)
            JAVA_LONG.withName("next_counter"),                            // every in-flight counter is below it
            MemoryLayout.sequenceLayout(48, JAVA_BYTE).withName("reserved1") // zero
    );
    static final long SLOT_SIZE = SLOT.byteSize();
    static final long SLOT_LAST_AVAIL_IDX = SLOT.byteOffset(groupElement("last_avail_idx"));
    static final long SLOT_RESERVED0 = SLOT.byteOffset(groupElement("reserved0"));
    static final long SLOT_NEXT_COUNTER = SLOT.byteOffset(groupElement("next_counter"));
    static final long SLOT_RESERVED1 = SLOT.byteOffset(groupElement("reserved1"));

    private static final VarHandle U16 = JAVA_SHORT.varHandle();

    static long headerSize(int numQueues) {
        long raw = OFFSET_SLOTS + SLOT_SIZE * numQueues;
        return (raw + PAGE - 1) & -(long) PAGE;
    }

    static long slotOffset(int q) {
        return OFFSET_SLOTS + SLOT_SIZE * q;
    }

    /** CRC32C of the identity record with the crc32c field taken as zero. */
    static int crc(MemorySegment header) {
        byte[] bytes = header.asSlice(0, IDENTITY_SIZE).toArray(JAVA_BYTE);
        for (int i = 0; i < 4; i++) bytes[(int) OFFSET_CRC + i] = 0;
        CRC32C c = new CRC32C();
        c.update(bytes);
        return (int) c.getValue();
    }

    static void writeIdentity(MemorySegment h, String deviceName, int numQueues, int queueSize, long stride,
                              long features, long fileSize) {
        h.set(JAVA_LONG, OFFSET_MAGIC, MAGIC);
        h.set(JAVA_INT, OFFSET_FORMAT_VERSION, FORMAT_VERSION);
        h.set(JAVA_INT, OFFSET_HEADER_SIZE, (int) headerSize(numQueues));
        h.set(JAVA_INT, OFFSET_NUM_QUEUES, numQueues);
        h.set(JAVA_INT, OFFSET_QUEUE_SIZE, queueSize);
        h.set(JAVA_INT, OFFSET_REGION_STRIDE, (int) stride);
        h.set(JAVA_LONG, OFFSET_FEATURES, features);
        h.set(JAVA_LONG, OFFSET_FILE_SIZE, fileSize);
        byte[] name = deviceName.getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(name, 0, h, JAVA_BYTE, OFFSET_DEVICE_NAME, name.length);
        h.set(JAVA_INT, OFFSET_CRC, crc(h));
    }

    static int numQueues(MemorySegment h) {
        return h.get(JAVA_INT, OFFSET_NUM_QUEUES);
    }

    static int queueSize(MemorySegment h) {
        return h.get(JAVA_INT, OFFSET_QUEUE_SIZE);
    }

    static long features(MemorySegment h) {
        return h.get(JAVA_LONG, OFFSET_FEATURES);
    }

    static long headerSizeField(MemorySegment h) {
        return h.get(JAVA_INT, OFFSET_HEADER_SIZE) & 0xffffffffL;
    }

    static long generation(MemorySegment h) {
        return h.get(JAVA_LONG, OFFSET_GENERATION);
    }

    static void setGeneration(MemorySegment h, long g) {
        h.set(JAVA_LONG, OFFSET_GENERATION, g);
    }

    /** The device name, or null when its bytes are not NUL-terminated UTF-8 followed by zeros. */
    static String deviceName(MemorySegment h) {
        byte[] b = h.asSlice(OFFSET_DEVICE_NAME, DEVICE_NAME_MAX).toArray(JAVA_BYTE);
        int len = 0;
        while (len < b.length && b[len] != 0) len++;
        if (len == b.length) return null;
        for (int i = len; i < b.length; i++) if (b[i] != 0) return null;
        var decoder = StandardCharsets.UTF_8.newDecoder();
        try {
            return decoder.decode(java.nio.ByteBuffer.wrap(b, 0, len)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    static int slotLastAvailIdx(MemorySegment slot) {
        return slot.get(JAVA_SHORT, SLOT_LAST_AVAIL_IDX) & 0xffff;
    }

    /** Release store: the fetch it counts (inflight = 1) is visible before it. */
    static void setSlotLastAvailIdxRelease(MemorySegment slot, int idx) {
        U16.setRelease(slot, SLOT_LAST_AVAIL_IDX, (short) idx);
    }

    static long slotNextCounter(MemorySegment slot) {
        return slot.get(JAVA_LONG, SLOT_NEXT_COUNTER);
    }

    static void setSlotNextCounter(MemorySegment slot, long next) {
        slot.set(JAVA_LONG, SLOT_NEXT_COUNTER, next);
    }

    /** Index of the first non-zero byte of {@code s[from, from + len)}, or -1. */
    static long firstNonZero(MemorySegment s, long from, long len) {
        for (long i = 0; i < len; i++) if (s.get(JAVA_BYTE, from + i) != 0) return from + i;
        return -1;
    }
}
