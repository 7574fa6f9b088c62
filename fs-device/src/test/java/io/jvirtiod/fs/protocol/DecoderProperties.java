package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.mock.FuseRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.byteArrays;
import static org.quicktheories.generators.Generate.bytes;
import static org.quicktheories.generators.Generate.constant;
import static org.quicktheories.generators.Generate.oneOf;
import static org.quicktheories.generators.Generate.range;

/**
 * Random bytes thrown at the dispatcher never crash it: every request ends either with exactly one well-formed
 * reply (len equal to the bytes sent, error 0 or a valid negative errno, the request's unique) or, for requests
 * the kernel expects no answer to or that are too short to answer, with none.
 */
class DecoderProperties {
    private static final Arena ARENA = Arena.ofShared();
    private static final int SEND_BUFFER = 8192;

    @AfterAll
    static void close() {
        ARENA.close();
    }

    /** Request bytes: pure noise, or noise under a plausible header (len matching, real opcode). */
    private static Gen<byte[]> requests() {
        Gen<byte[]> noise = byteArrays(range(0, 400), bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
        Gen<byte[]> framed = byteArrays(range(40, 400), bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))
                .zip(range(0, 60), oneOf(constant(0), range(0, 3)), (b, op, ext) -> {
                    ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                    h.putInt(0, b.length);
                    h.putInt(4, op);
                    h.putShort(36, (short) (int) ext);
                    return b;
                });
        return oneOf(noise, framed, framed);
    }

    private static final class Harness {
        final CapturingChannel channel = new CapturingChannel();
        final FuseDispatcher dispatcher = new FuseDispatcher(new RecordingFileSystem(), FuseOptions.defaults(), null);
        final Exchange ex = dispatcher.newExchange(ARENA, channel);
        final MemorySegment buf = ARENA.allocate(SEND_BUFFER, 8);

        Harness(boolean initialized) {
            if (initialized) {
                byte[] init = FuseRequest.init6_18().build();
                MemorySegment.copy(MemorySegment.ofArray(init), 0, buf, 0, init.length);
                dispatcher.handle(ex, buf, init.length);
                channel.replies.clear();
            }
        }
    }

    private static Harness fresh;
    private static Harness running;

    @BeforeAll
    static void harnesses() {
        fresh = new Harness(false);
        running = new Harness(true);
    }

    @Test
    void randomRequestsEndInOneWellFormedReplyOrNone() {
        qt().withExamples(20_000).withShrinkCycles(200).forAll(requests(), oneOf(constant(true), constant(false)))
                .checkAssert((bytes, initialized) -> {
                    Harness h = initialized ? running : fresh;
                    MemorySegment.copy(MemorySegment.ofArray(bytes), 0, h.buf, 0, bytes.length);
                    h.channel.replies.clear();
                    int outcome = h.dispatcher.handle(h.ex, h.buf, bytes.length);
                    switch (outcome) {
                        case FuseDispatcher.REPLIED, FuseDispatcher.REJECTED -> {
                            if (h.channel.count() != 1) {
                                throw new AssertionError(h.channel.count() + " replies for outcome " + outcome);
                            }
                            ByteBuffer r = ByteBuffer.wrap(h.channel.last()).order(ByteOrder.LITTLE_ENDIAN);
                            int len = r.getInt(0);
                            int error = r.getInt(4);
                            long unique = r.getLong(8);
                            if (len != r.capacity() || len < 16) throw new AssertionError("reply len " + len
                                    + " for " + r.capacity() + " bytes");
                            if (error > 0 || error < -511) throw new AssertionError("reply error " + error);
                            if (error != 0 && len != 16) throw new AssertionError("error reply with a body");
                            long sent = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(8);
                            if (unique != sent) throw new AssertionError("unique " + unique + " != " + sent);
                        }
                        case FuseDispatcher.NO_REPLY, FuseDispatcher.DROPPED -> {
                            if (h.channel.count() != 0) throw new AssertionError("a reply for outcome " + outcome);
                            int op = bytes.length >= 8 ? ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)
                                    .getInt(4) : -1;
                            boolean silentOp = op == FuseH.FUSE_FORGET || op == FuseH.FUSE_BATCH_FORGET
                                    || op == FuseH.FUSE_NOTIFY_REPLY || op == FuseH.FUSE_INTERRUPT;
                            if (bytes.length >= 16 && !silentOp) {
                                throw new AssertionError("no reply to an answerable request, opcode " + op);
                            }
                        }
                        default -> throw new AssertionError("unknown outcome " + outcome);
                    }
                });
    }
}
