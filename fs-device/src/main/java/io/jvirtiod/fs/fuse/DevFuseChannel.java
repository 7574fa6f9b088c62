package io.jvirtiod.fs.fuse;

import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.Iovec;
import io.jvirtiod.fs.protocol.ReadSink;
import io.jvirtiod.fs.protocol.ReplyChannel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Replies of one worker written to the /dev/fuse fd it read the request from, with one writev(2): the kernel
 * takes a reply only as a single write, out-header first. READ data prepared inline (the default) goes out with
 * the header as one range; data in a separate sink follows as further ranges.
 */
final class DevFuseChannel implements ReplyChannel {
    /** The fd the request being answered was read from: the kernel takes a reply only on that fd. */
    private int fd;
    private final MemorySegment iov;
    private final int maxRanges;

    DevFuseChannel(int fd, Arena arena, int maxRanges) {
        this.fd = fd;
        this.maxRanges = maxRanges + 1;
        this.iov = arena.allocate(Iovec.LAYOUT, this.maxRanges);
    }

    /** Sends the following replies on {@code fd} (the worker read the request from it). */
    void replyTo(int fd) {
        this.fd = fd;
    }

    @Override
    public int send(MemorySegment reply, int length, ReadSink data, int dataLength) {
        int count;
        if (data == null || dataLength == 0) {
            Iovec.set(iov, 0, reply.address(), length);
            count = 1;
        } else if (ReplyChannel.dataFollowsInline(reply, length, data)) {
            Iovec.set(iov, 0, reply.address(), (long) length + dataLength);
            count = 1;
        } else {
            Iovec.set(iov, 0, reply.address(), length);
            count = 1;
            long left = dataLength;
            for (int i = 0; i < data.count() && left > 0 && count < maxRanges; i++) {
                long n = Math.min(left, data.length(i));
                Iovec.set(iov, count++, data.segment(i).address() + data.offset(i), n);
                left -= n;
            }
        }
        long r;
        do {
            r = FileIo.writevRaw(fd, iov, count);
        } while (r == -Errno.EINTR);
        return r < 0 ? (int) r : 0;
    }
}
