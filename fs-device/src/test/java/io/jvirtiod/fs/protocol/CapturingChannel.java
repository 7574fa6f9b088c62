package io.jvirtiod.fs.protocol;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/** A reply channel that keeps every reply's bytes (header, arguments, READ data) for the test to inspect. */
final class CapturingChannel implements ReplyChannel {
    final List<byte[]> replies = new ArrayList<>();

    @Override
    public synchronized int send(MemorySegment reply, int length, ReadSink data, int dataLength) {
        byte[] b = new byte[length + (data == null ? 0 : dataLength)];
        MemorySegment.copy(reply, JAVA_BYTE, 0, b, 0, length);
        if (data != null) {
            MemorySegment tmp = MemorySegment.ofArray(new byte[dataLength]);
            data.copy(0, tmp, 0, dataLength, false);
            MemorySegment.copy(tmp, JAVA_BYTE, 0, b, length, dataLength);
        }
        replies.add(b);
        return 0;
    }

    synchronized byte[] last() {
        if (replies.isEmpty()) throw new AssertionError("no reply was sent");
        return replies.get(replies.size() - 1);
    }

    synchronized int count() {
        return replies.size();
    }

    /** The last reply as a little-endian buffer positioned after the 16-byte out-header. */
    ByteBuffer body() {
        ByteBuffer b = ByteBuffer.wrap(last()).order(ByteOrder.LITTLE_ENDIAN);
        b.position(16);
        return b;
    }

    int lastLen() {
        return ByteBuffer.wrap(last()).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    }

    int lastError() {
        return ByteBuffer.wrap(last()).order(ByteOrder.LITTLE_ENDIAN).getInt(4);
    }

    long lastUnique() {
        return ByteBuffer.wrap(last()).order(ByteOrder.LITTLE_ENDIAN).getLong(8);
    }
}
