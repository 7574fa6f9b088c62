package io.jvirtiod.virtiofs;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseInHeader;
import io.jvirtiod.binding.fuse.FuseWriteIn;
import io.jvirtiod.fs.protocol.Exchange;
import io.jvirtiod.fs.protocol.FuseDispatcher;
import io.jvirtiod.fs.protocol.WriteSource;
import io.jvirtiod.virtqueue.DescriptorChain;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

/**
 * Serves one virtio-fs queue's requests: takes a chain, hands its device-readable part (fuse_in_header and in
 * args, virtio 1.2 §5.11.6) to the shared {@link FuseDispatcher} and lets the reply land in the device-writable
 * part. One per queue worker thread (it owns an {@link Exchange} and buffers); the dispatcher is shared.
 *
 * <p>The in-args arrive as several descriptors (Linux puts the in-header, each argument and each data page in
 * its own), so the request head is gathered into a buffer; a WRITE's data pages are not copied but described to
 * the file system as guest memory, which it pwritev()s straight from the guest.
 */
public final class FuseChainServer implements AutoCloseable {
    private static final int IN = (int) FuseInHeader.SIZE;
    private static final int WRITE_HEAD = IN + (int) FuseWriteIn.SIZE;

    private final FuseDispatcher dispatcher;
    private final Arena arena = Arena.ofShared();
    private final ChainReplyChannel channel;
    private final Exchange exchange;
    private final MemorySegment request;
    private final int maxRanges;
    private long served;

    FuseChainServer(FuseDispatcher dispatcher) {
        this.dispatcher = dispatcher;
        this.maxRanges = dispatcher.options().maxRanges();
        this.channel = new ChainReplyChannel(maxRanges);
        this.exchange = dispatcher.newExchange(arena, channel);
        this.request = arena.allocate(dispatcher.options().requestBufferSize(), 8);
    }

    /**
     * Serves one request chain and returns the used length: bytes written into its device-writable part. Never
     * throws for anything the guest put in the chain (the dispatcher answers malformed requests with an errno).
     */
    public int serve(DescriptorChain chain) {
        channel.bind(chain);
        long readable = chain.readableLength();
        long external = 0;
        long head;
        if (readable > WRITE_HEAD && chain.read(0, request.asSlice(0, IN)) == IN
                && request.get(JAVA_INT_UNALIGNED, FuseInHeader.OFFSET_OPCODE) == FuseH.FUSE_WRITE
                && describeWritePayload(chain, readable)) {
            chain.read(0, request.asSlice(0, WRITE_HEAD));
            head = WRITE_HEAD;
            external = readable - WRITE_HEAD;
        } else {
            // A head longer than the buffer is cut short; its in.len then disagrees and the dispatcher says EINVAL.
            head = Math.min(readable, request.byteSize());
            chain.read(0, request.asSlice(0, head));
        }
        dispatcher.handle(exchange, request, head, external);
        served++;
        return (int) channel.written();
    }

    /** Describes readable bytes from {@link #WRITE_HEAD} on as guest slices; false if any straddles regions. */
    private boolean describeWritePayload(DescriptorChain c, long readable) {
        WriteSource src = exchange.writeSource();
        src.clear();
        long skip = WRITE_HEAD;
        int ranges = 0;
        for (int i = 0; i < c.readableCount(); i++) {
            long len = c.length(i);
            if (skip >= len) {
                skip -= len;
                continue;
            }
            MemorySegment s = c.segment(i);
            if (s == null || ++ranges > maxRanges) {
                src.clear();
                return false;
            }
            src.add(s, skip, len - skip);
            skip = 0;
        }
        return src.size() == readable - WRITE_HEAD;
    }

    /** Requests served by this worker. */
    public long served() {
        return served;
    }

    /** Forgets this worker's exchange and frees its buffers; call when the queue stopped. */
    @Override
    public void close() {
        dispatcher.removeExchange(exchange);
        arena.close();
    }
}
