package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.sys.Iovec;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScatterListTest {

    @Test
    void putSpreadsBytesOverRangesAndTheIovecsDescribeThem() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(8);
            MemorySegment b = arena.allocate(8);
            ReadSink sink = new ReadSink(arena, 4);
            sink.add(a, 5, 3);
            sink.add(b, 0, 4);
            assertEquals(7, sink.size());
            byte[] src = "abcdefg".getBytes(StandardCharsets.US_ASCII);
            sink.put(0, MemorySegment.ofArray(src), 0, 7);
            assertEquals("abc", new String(a.asSlice(5, 3).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
            assertEquals("defg", new String(b.asSlice(0, 4).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
            assertEquals(a.address() + 5, sink.iovecs().get(JAVA_LONG, Iovec.OFFSET_IOV_BASE));
            assertEquals(4, sink.iovecs().get(JAVA_LONG, Iovec.SIZE + Iovec.OFFSET_IOV_LEN));
        }
    }

    @Test
    void truncateTrimsTheLastRangeAndItsIovec() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(64);
            WriteSource src = new WriteSource(arena, 4);
            src.add(m, 0, 10);
            src.add(m, 20, 10);
            src.add(m, 40, 10);
            src.truncate(15);
            assertEquals(2, src.count());
            assertEquals(15, src.size());
            assertEquals(5, src.length(1));
            assertEquals(5, src.iovecs().get(JAVA_LONG, Iovec.SIZE + Iovec.OFFSET_IOV_LEN));
        }
    }

    @Test
    void aRangeOutsideItsSegmentIsRefused() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(16);
            ReadSink sink = new ReadSink(arena, 2);
            assertThrows(IllegalArgumentException.class, () -> sink.add(m, 10, 7));
            assertThrows(IllegalArgumentException.class, () -> sink.add(m, -1, 1));
            assertThrows(IllegalArgumentException.class, () -> sink.add(MemorySegment.ofArray(new byte[4]), 0, 4));
            sink.add(m, 0, 1);
            sink.add(m, 1, 1);
            assertThrows(IllegalArgumentException.class, () -> sink.add(m, 2, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> sink.put(1, MemorySegment.ofArray(new byte[2]), 0, 2));
        }
    }
}
