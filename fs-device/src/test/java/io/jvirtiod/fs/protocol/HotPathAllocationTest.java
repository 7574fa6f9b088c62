package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.fs.Context;
import io.jvirtiod.fs.FileSystem;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;

import static io.jvirtiod.mock.FuseRequest.init6_18;
import static io.jvirtiod.mock.FuseRequest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Serving LOOKUP, GETATTR, READ and WRITE allocates nothing once compiled: every argument and reply is a
 * flyweight over the worker's buffers. Measured with the thread's allocation counter, not with a timer.
 */
class HotPathAllocationTest {

    /** A file system that answers without allocating, so only the dispatcher's allocations are counted. */
    private static final class QuietFs implements FileSystem {
        long sum;

        @Override
        public int lookup(Context ctx, long parent, Name name, EntryOut out) {
            if (name.length() != 5) return -Errno.ENOENT;
            out.nodeid(2).attr().ino(2).mode(0100644);
            return 0;
        }

        @Override
        public int getattr(Context ctx, long nodeid, int getattrFlags, long fh, AttrOut out) {
            out.attr().ino(nodeid).mode(040755);
            return 0;
        }

        @Override
        public int read(Context ctx, long nodeid, ReadIn in, ReadSink dst) {
            return (int) Math.min(in.size(), dst.size());
        }

        @Override
        public int write(Context ctx, long nodeid, WriteIn in, WriteSource src) {
            sum += src.length(0);
            return (int) src.size();
        }
    }

    /** A channel that only checks the reply header, without copying. */
    private static final class NullChannel implements ReplyChannel {
        long bytes;

        @Override
        public int send(MemorySegment reply, int length, ReadSink data, int dataLength) {
            bytes += length + dataLength;
            return 0;
        }
    }

    @Test
    void lookupGetattrReadAndWriteAllocateNothingPerRequest() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Arena arena = Arena.ofConfined()) {
            NullChannel channel = new NullChannel();
            FuseDispatcher d = new FuseDispatcher(new QuietFs(), FuseOptions.defaults(), null);
            Exchange ex = d.newExchange(arena, channel);
            MemorySegment[] reqs = {
                    copy(arena, request(FuseH.FUSE_LOOKUP).name("hello").build()),
                    copy(arena, request(FuseH.FUSE_GETATTR).u32(0).u32(0).u64(0).build()),
                    copy(arena, request(FuseH.FUSE_READ).u64(1).u64(0).u32(65536).u32(0).u64(0).u32(0).u32(0).build()),
                    copy(arena, request(FuseH.FUSE_WRITE).u64(1).u64(0).u32(4096).u32(0).u64(0).u32(0).u32(0)
                            .zeros(4096).build())};
            MemorySegment init = copy(arena, init6_18().build());
            assertEquals(FuseDispatcher.REPLIED, d.handle(ex, init, init.byteSize()));
            for (int i = 0; i < 200_000; i++) serve(d, ex, reqs);
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20_000; i++) serve(d, ex, reqs);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 1024, allocated + " bytes allocated for 80000 requests");
            assertTrue(channel.bytes > 0);
        }
    }

    private static void serve(FuseDispatcher d, Exchange ex, MemorySegment[] reqs) {
        for (MemorySegment r : reqs) {
            if (d.handle(ex, r, r.byteSize()) != FuseDispatcher.REPLIED) throw new AssertionError(ex.lastRejection());
        }
    }

    private static MemorySegment copy(Arena arena, byte[] b) {
        MemorySegment s = arena.allocate(b.length, 8);
        MemorySegment.copy(MemorySegment.ofArray(b), 0, s, 0, b.length);
        return s;
    }
}
