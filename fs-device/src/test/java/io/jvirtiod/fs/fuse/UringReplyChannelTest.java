package io.jvirtiod.fs.fuse;

import io.jvirtiod.binding.fuse.FuseOutHeader;
import io.jvirtiod.binding.fuse.FuseUringEntInOut;
import io.jvirtiod.binding.fuse.FuseUringReqHeader;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.fs.protocol.ReadSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where a reply lands in a FUSE-over-io_uring entry: out-header in the header buffer, arguments in the payload. */
class UringReplyChannelTest {
    private static final long PAYLOAD_SZ = FuseUringReqHeader.OFFSET_RING_ENT_IN_OUT + FuseUringEntInOut.OFFSET_PAYLOAD_SZ;

    final Arena arena = Arena.ofConfined();
    final MemorySegment header = arena.allocate(FuseUringReqHeader.SIZE, 8);
    final MemorySegment payload = arena.allocate(4096, 8);
    final MemorySegment reply = arena.allocate(8192, 8);
    final UringReplyChannel channel = new UringReplyChannel();

    @AfterEach
    void close() {
        arena.close();
    }

    private void outHeader(int len, int error, long unique) {
        reply.set(JAVA_INT, FuseOutHeader.OFFSET_LEN, len);
        reply.set(JAVA_INT, FuseOutHeader.OFFSET_ERROR, error);
        reply.set(JAVA_LONG, FuseOutHeader.OFFSET_UNIQUE, unique);
    }

    @Test
    void theOutHeaderGoesToTheHeaderBufferAndTheArgumentsToThePayload() {
        channel.begin(header, payload);
        assertFalse(channel.replied());
        outHeader(16 + 24, 0, 77);
        for (int i = 0; i < 24; i++) reply.set(JAVA_BYTE, 16 + i, (byte) (i + 1));
        assertEquals(0, channel.send(reply, 16 + 24, null, 0));
        assertTrue(channel.replied());
        assertEquals(77, header.get(JAVA_LONG, FuseUringReqHeader.OFFSET_IN_OUT + FuseOutHeader.OFFSET_UNIQUE));
        assertEquals(40, header.get(JAVA_INT, FuseUringReqHeader.OFFSET_IN_OUT + FuseOutHeader.OFFSET_LEN));
        assertEquals(24, header.get(JAVA_INT, PAYLOAD_SZ));
        for (int i = 0; i < 24; i++) assertEquals(i + 1, payload.get(JAVA_BYTE, i));
    }

    @Test
    void anErrorReplyHasAnEmptyPayload() {
        channel.begin(header, payload);
        header.set(JAVA_INT, PAYLOAD_SZ, 999); // left over from the request
        outHeader(16, -Errno.ENOENT, 5);
        assertEquals(0, channel.send(reply, 16, null, 0));
        assertEquals(-Errno.ENOENT, header.get(JAVA_INT, FuseUringReqHeader.OFFSET_IN_OUT + FuseOutHeader.OFFSET_ERROR));
        assertEquals(0, header.get(JAVA_INT, PAYLOAD_SZ));
    }

    @Test
    void readDataIsReadStraightIntoThePayload() {
        channel.begin(header, payload);
        ReadSink sink = new ReadSink(arena, 4);
        assertEquals(0, channel.prepareRead(sink, reply, 1000));
        assertEquals(payload, sink.segment(0));
        assertEquals(0, sink.offset(0));
        payload.set(JAVA_BYTE, 999, (byte) 9);
        outHeader(16 + 1000, 0, 8);
        assertEquals(0, channel.send(reply, 16, sink, 1000));
        assertEquals(1000, header.get(JAVA_INT, PAYLOAD_SZ));
        assertEquals(9, payload.get(JAVA_BYTE, 999));
    }

    @Test
    void dataLeftInlineInTheReplyBufferIsCopiedAfterTheArguments() {
        channel.begin(header, payload);
        ReadSink sink = new ReadSink(arena, 4);
        sink.clear();
        sink.add(reply, 16, 100);
        reply.set(JAVA_BYTE, 16 + 99, (byte) 3);
        outHeader(16 + 100, 0, 9);
        assertEquals(0, channel.send(reply, 16, sink, 100));
        assertEquals(100, header.get(JAVA_INT, PAYLOAD_SZ));
        assertEquals(3, payload.get(JAVA_BYTE, 99));
    }

    @Test
    void aReplyLargerThanThePayloadBufferIsRefusedAndNotMarkedAnswered() {
        channel.begin(header, payload);
        ReadSink sink = new ReadSink(arena, 4);
        assertEquals(-Errno.EINVAL, channel.prepareRead(sink, reply, 4097));
        outHeader(16 + 5000, 0, 1);
        assertEquals(-Errno.EINVAL, channel.send(reply, 16 + 5000, null, 0));
        assertFalse(channel.replied(), "the queue then answers EIO itself, so the entry still goes back");
    }
}
