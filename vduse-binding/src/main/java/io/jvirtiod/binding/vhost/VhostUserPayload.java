package io.jvirtiod.binding.vhost;

import io.jvirtiod.binding.Packed;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.UnionLayout;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * {@code union vhost_user_payload} (jvirtiod/vhost_user.h): every payload a vhost-user message carries. Its size
 * is the largest payload, so a receive buffer of {@link #SIZE} bytes after the header takes any valid message
 * and a header announcing more is malformed. The request type decides which member is meaningful; members are
 * read with their struct classes over {@link #member}.
 */
public final class VhostUserPayload {
    private VhostUserPayload() {}

    public static final UnionLayout LAYOUT = Packed.union(
            JAVA_LONG.withName("u64"),
            VhostUserVringState.LAYOUT.withName("state"),
            VhostUserVringAddr.LAYOUT.withName("addr"),
            VhostUserMemory.LAYOUT.withName("memory"),
            VhostUserMemorySingle.LAYOUT.withName("mem_reg"),
            VhostUserLog.LAYOUT.withName("log"),
            VhostUserIotlbMsg.LAYOUT.withName("iotlb"),
            VhostUserConfig.LAYOUT.withName("config"),
            VhostUserVringArea.LAYOUT.withName("area"),
            VhostUserInflight.LAYOUT.withName("inflight"),
            VhostUserSharedObject.LAYOUT.withName("object"),
            VhostUserTransferDeviceState.LAYOUT.withName("transfer_state")
    ).withName("union vhost_user_payload");

    public static final long SIZE = LAYOUT.byteSize();

    /** The u64 payload (features, status, kick/call/err index with VHOST_USER_VRING_NOFD_MASK, ...). */
    public static long u64(MemorySegment s) { return s.get(JAVA_LONG_UNALIGNED, 0); }
    public static void u64(MemorySegment s, long v) { s.set(JAVA_LONG_UNALIGNED, 0, v); }

    /** The payload as a struct of {@code size} bytes (e.g. {@code VhostUserInflight.SIZE}); all start at 0. */
    public static MemorySegment member(MemorySegment s, long size) {
        return s.asSlice(0, size);
    }
}
