package io.jvirtiod.bench;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseInHeader;
import io.jvirtiod.fs.Context;
import io.jvirtiod.fs.FileSystem;
import io.jvirtiod.fs.protocol.AttrOut;
import io.jvirtiod.fs.protocol.EntryOut;
import io.jvirtiod.fs.protocol.Exchange;
import io.jvirtiod.fs.protocol.FuseDispatcher;
import io.jvirtiod.fs.protocol.FuseOptions;
import io.jvirtiod.fs.protocol.Name;
import io.jvirtiod.fs.protocol.ReadIn;
import io.jvirtiod.fs.protocol.ReadSink;
import io.jvirtiod.fs.protocol.ReplyChannel;
import io.jvirtiod.fs.protocol.WriteIn;
import io.jvirtiod.fs.protocol.WriteSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * Cost of the FUSE protocol layer alone per request: validation, decoding into flyweights, the call, and
 * encoding the reply, with a file system and a channel that do nothing. What remains of a request's time over
 * /dev/fuse or virtio-fs is the transport and the host syscalls.
 *
 * <p>Run: {@code java -cp ... org.openjdk.jmh.Main FuseDispatcherBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class FuseDispatcherBench {

    private static final class NoFs implements FileSystem {
        @Override
        public int lookup(Context ctx, long parent, Name name, EntryOut out) {
            out.nodeid(2).attrValid(1, 0).entryValid(1, 0).attr().ino(2).mode(0100644).nlink(1);
            return 0;
        }

        @Override
        public int getattr(Context ctx, long nodeid, int getattrFlags, long fh, AttrOut out) {
            out.attrValid(1, 0).attr().ino(nodeid).mode(040755).nlink(2);
            return 0;
        }

        @Override
        public int read(Context ctx, long nodeid, ReadIn in, ReadSink dst) {
            return in.size();
        }

        @Override
        public int write(Context ctx, long nodeid, WriteIn in, WriteSource src) {
            return in.size();
        }
    }

    private static final class NoChannel implements ReplyChannel {
        long bytes;

        @Override
        public int send(MemorySegment reply, int length, ReadSink data, int dataLength) {
            bytes += length + dataLength;
            return 0;
        }
    }

    private Arena arena;
    private FuseDispatcher dispatcher;
    private Exchange ex;
    private MemorySegment lookup;
    private MemorySegment getattr;
    private MemorySegment read4k;
    private MemorySegment write4k;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofConfined();
        dispatcher = new FuseDispatcher(new NoFs(), FuseOptions.defaults(), null);
        ex = dispatcher.newExchange(arena, new NoChannel());
        MemorySegment init = request(FuseH.FUSE_INIT, 64);
        init.set(JAVA_INT_UNALIGNED, 40, 7);
        init.set(JAVA_INT_UNALIGNED, 44, 45);
        init.set(JAVA_INT_UNALIGNED, 52, 0x73fffffb);
        init.set(JAVA_INT_UNALIGNED, 56, 0x5fd);
        if (dispatcher.handle(ex, init, init.byteSize()) != FuseDispatcher.REPLIED) throw new IllegalStateException();
        lookup = request(FuseH.FUSE_LOOKUP, 6);
        lookup.setString(40, "hello");
        getattr = request(FuseH.FUSE_GETATTR, 16);
        read4k = request(FuseH.FUSE_READ, 40);
        read4k.set(JAVA_INT_UNALIGNED, 40 + 16, 4096);
        write4k = request(FuseH.FUSE_WRITE, 40 + 4096);
        write4k.set(JAVA_INT_UNALIGNED, 40 + 16, 4096);
    }

    private MemorySegment request(int opcode, int argBytes) {
        MemorySegment s = arena.allocate(40 + argBytes, 8);
        s.fill((byte) 0);
        s.set(JAVA_INT_UNALIGNED, FuseInHeader.OFFSET_LEN, 40 + argBytes);
        s.set(JAVA_INT_UNALIGNED, FuseInHeader.OFFSET_OPCODE, opcode);
        s.set(JAVA_LONG_UNALIGNED, FuseInHeader.OFFSET_UNIQUE, 10);
        s.set(JAVA_LONG_UNALIGNED, FuseInHeader.OFFSET_NODEID, 1);
        return s;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public int lookup() {
        return dispatcher.handle(ex, lookup, lookup.byteSize());
    }

    @Benchmark
    public int getattr() {
        return dispatcher.handle(ex, getattr, getattr.byteSize());
    }

    @Benchmark
    public int read4k() {
        return dispatcher.handle(ex, read4k, read4k.byteSize());
    }

    @Benchmark
    public int write4k() {
        return dispatcher.handle(ex, write4k, write4k.byteSize());
    }

}
