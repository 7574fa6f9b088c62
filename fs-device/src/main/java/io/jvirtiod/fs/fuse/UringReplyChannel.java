package io.jvirtiod.fs.fuse;

import io.jvirtiod.binding.fuse.FuseOutHeader;
import io.jvirtiod.binding.fuse.FuseUringEntInOut;
import io.jvirtiod.binding.fuse.FuseUringReqHeader;
import io.jvirtiod.fs.protocol.ReadSink;
import io.jvirtiod.fs.protocol.ReplyChannel;

import java.lang.foreign.MemorySegment;

import static io.jvirtiod.binding.sys.Errno.EINVAL;
import static io.jvirtiod.binding.sys.Errno.EIO;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Replies of one FUSE-over-io_uring queue, written into the ring entry that carried the request: the out-header
 * into the entry's header buffer, every reply argument into its payload buffer, and the payload size beside them.
 * Nothing goes to the kernel here; the queue commits the entry afterwards (FUSE_IO_URING_CMD_COMMIT_AND_FETCH).
 * READ data is read straight into the payload buffer, so it is copied once, by the kernel, as over /dev/fuse.
 */
final class UringReplyChannel implements ReplyChannel {
    private static final long PAYLOAD_SZ = FuseUringReqHeader.OFFSET_RING_ENT_IN_OUT + FuseUringEntInOut.OFFSET_PAYLOAD_SZ;

    private MemorySegment header;
    private MemorySegment payload;
    private boolean replied;

    /** Points the channel at the entry whose request is about to be served. */
    void begin(MemorySegment entryHeader, MemorySegment entryPayload) {
        this.header = entryHeader;
        this.payload = entryPayload;
        this.replied = false;
    }

    /** True if the dispatcher answered the current request. */
    boolean replied() {
        return replied;
    }

    @Override
    public int prepareRead(ReadSink dst, MemorySegment reply, int size) {
        if (size < 0 || size > payload.byteSize()) return -EINVAL;
        dst.clear();
        dst.add(payload, 0, size);
        return 0;
    }

    @Override
    public int send(MemorySegment reply, int length, ReadSink data, int dataLength) {
        long args = length - FuseOutHeader.SIZE;
        long total = args;
        if (args < 0 || args > payload.byteSize()) return -EINVAL;
        boolean hasData = data != null && dataLength > 0;
        if (hasData && ReplyChannel.dataFollowsInline(reply, length, data)) {
            total = args + dataLength;
            if (total > payload.byteSize()) return -EINVAL;
            MemorySegment.copy(reply, FuseOutHeader.SIZE, payload, 0, total);
        } else {
            if (args > 0) MemorySegment.copy(reply, FuseOutHeader.SIZE, payload, 0, args);
            if (hasData) {
                // prepareRead put the data at the start of the payload; a reply with both is not one the protocol has
                if (args != 0 || data.count() != 1 || data.segment(0) != payload || data.offset(0) != 0) return -EIO;
                total = dataLength;
            }
        }
        MemorySegment.copy(reply, 0, header, FuseUringReqHeader.OFFSET_IN_OUT, FuseOutHeader.SIZE);
        header.set(JAVA_INT, PAYLOAD_SZ, (int) total);
        replied = true;
        return 0;
    }
}
