package io.jvirtiod.inflight;

import io.jvirtiod.binding.vhost.VhostInflightDescSplit;
import io.jvirtiod.binding.vhost.VhostInflightH;
import io.jvirtiod.binding.vhost.VhostInflightQueueSplit;

import java.lang.foreign.MemorySegment;

/**
 * Validates one vhost-user split queue region before anything is resumed from it. Every rule comes from
 * QEMU docs/interop/vhost-user.rst "Inflight I/O tracking" (QueueRegionSplit/DescStateSplit); a violation
 * is an {@link InflightLogCorruptException} naming queue, field and value.
 */
final class QueueRegionCheck {
    private QueueRegionCheck() {}

    private static final String SPEC = "vhost-user.rst \"Inflight I/O tracking\"";

    /**
     * Checks an initialized region (version already known to be {@link VhostInflightH#VHOST_INFLIGHT_VERSION}).
     */
    static void check(String source, int q, MemorySegment region, int queueSize) {
        String at = "queue " + q + " ";
        long features = VhostInflightQueueSplit.features(region);
        if (features != 0) {
            throw new InflightLogCorruptException(source, at + "features", hex(features),
                    "region feature flags must be 0, none are defined (" + SPEC + ")");
        }
        int descNum = VhostInflightQueueSplit.descNum(region);
        if (descNum != queueSize) {
            throw new InflightLogCorruptException(source, at + "desc_num", descNum,
                    "must equal the queue size " + queueSize + " (" + SPEC + ": \"equal to the virtqueue size\")");
        }
        int lastBatchHead = VhostInflightQueueSplit.lastBatchHead(region);
        if (lastBatchHead >= queueSize) {
            throw new InflightLogCorruptException(source, at + "last_batch_head", lastBatchHead,
                    "must be a descriptor index below the queue size " + queueSize);
        }
        for (int h = 0; h < queueSize; h++) {
            long d = VhostInflightQueueSplit.descOffset(h);
            int inflight = VhostInflightDescSplit.inflight(region, d);
            if (inflight > 1) {
                throw new InflightLogCorruptException(source, at + "desc[" + h + "].inflight", inflight,
                        "must be 0 or 1 (" + SPEC + ")");
            }
            long padding = VhostInflightDescSplit.padding(region, d);
            if (padding != 0) {
                throw new InflightLogCorruptException(source, at + "desc[" + h + "].padding", hex(padding),
                        "padding is never written and must be zero");
            }
            int next = VhostInflightDescSplit.next(region, d);
            if (next >= queueSize) {
                throw new InflightLogCorruptException(source, at + "desc[" + h + "].next", next,
                        "must be a descriptor index below the queue size " + queueSize);
            }
            if (inflight == 1 && VhostInflightDescSplit.counter(region, d) < 0) {
                throw new InflightLogCorruptException(source, at + "desc[" + h + "].counter",
                        Long.toUnsignedString(VhostInflightDescSplit.counter(region, d)),
                        "fetch counters count up from 0 and cannot reach 2^63");
            }
        }
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
