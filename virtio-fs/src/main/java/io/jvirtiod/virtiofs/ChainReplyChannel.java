package io.jvirtiod.virtiofs;

import io.jvirtiod.fs.protocol.ReadSink;
import io.jvirtiod.fs.protocol.ReplyChannel;
import io.jvirtiod.virtqueue.DescriptorChain;

import java.lang.foreign.MemorySegment;

/**
 * Sends FUSE replies into the device-writable part of the descriptor chain that carried the request (virtio 1.2
 * §5.11.6: "the device-writable part ... contains the FUSE out header and out args"). Why its own class: over
 * virtio-fs a reply is not a write(2) but bytes placed in guest buffers, and READ data should land there
 * directly, so {@link #prepareRead} points the dispatcher's sink at the guest pages after the out-header and the
 * file system's preadv fills them with no copy. Bound to one chain at a time by its worker.
 */
final class ChainReplyChannel implements ReplyChannel {
    private static final int OUT_HEADER = 16; // sizeof(struct fuse_out_header)

    private final int maxRanges;
    private DescriptorChain chain;
    private long written;

    ChainReplyChannel(int maxRanges) {
        this.maxRanges = maxRanges;
    }

    /** Starts serving {@code c}: replies go to its writable part. */
    void bind(DescriptorChain c) {
        chain = c;
        written = 0;
    }

    /** Bytes written into the chain's writable part: the used length the device reports (§2.7.8). */
    long written() {
        return written;
    }

    @Override
    public int prepareRead(ReadSink dst, MemorySegment reply, int size) {
        DescriptorChain c = chain;
        if (size > 0 && c.writableLength() >= OUT_HEADER + (long) size && describe(c, dst, size)) return 0;
        // The guest's buffers straddle regions or are too fragmented: read into our reply buffer, copy in send.
        return ReplyChannel.super.prepareRead(dst, reply, size);
    }

    /** Points {@code dst} at {@code size} bytes of guest buffers after the out-header, if each is one slice. */
    private boolean describe(DescriptorChain c, ReadSink dst, int size) {
        int ranges = 0;
        long skip = OUT_HEADER;
        long left = size;
        for (int i = c.readableCount(); i < c.count() && left > 0; i++) {
            long len = c.length(i);
            if (skip >= len) {
                skip -= len;
                continue;
            }
            if (++ranges > maxRanges || c.segment(i) == null) return false;
            left -= Math.min(len - skip, left);
            skip = 0;
        }
        dst.clear();
        skip = OUT_HEADER;
        left = size;
        for (int i = c.readableCount(); i < c.count() && left > 0; i++) {
            long len = c.length(i);
            if (skip >= len) {
                skip -= len;
                continue;
            }
            long n = Math.min(len - skip, left);
            dst.add(c.segment(i), skip, n);
            left -= n;
            skip = 0;
        }
        return true;
    }

    @Override
    public int send(MemorySegment reply, int length, ReadSink data, int dataLength) {
        DescriptorChain c = chain;
        long n = c.write(0, reply.asSlice(0, length));
        if (data != null && dataLength > 0) {
            if (ReplyChannel.dataFollowsInline(reply, length, data)) {
                n += c.write(length, reply.asSlice(length, dataLength));
            } else {
                n += dataLength; // already in the guest's pages (prepareRead pointed the sink there)
            }
        }
        written = n;
        // A writable part too small for the reply is the driver's mistake (§5.11.6.1: it must provide room for the
        // out header and out args); the bytes that fit are delivered and the used length says how many.
        return 0;
    }
}
