package io.jvirtiod.blk;

import io.jvirtiod.binding.sys.Iovec;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;

class IovecArrayTest {

    private static MemorySegment iov(Arena a, long... lengths) {
        MemorySegment s = a.allocate(Iovec.SIZE * lengths.length, 8);
        long base = 0x1000;
        for (int i = 0; i < lengths.length; i++) {
            Iovec.set(s, i, base, lengths[i]);
            base += 0x1000;
        }
        return s;
    }

    private static long base(MemorySegment s, int i) {
        return s.get(JAVA_LONG, i * Iovec.SIZE + Iovec.OFFSET_IOV_BASE);
    }

    @Test
    void trimmingTheHeaderOffTheFrontDropsWholeEntriesThenShortensOne() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = iov(a, 16, 512, 512);
            assertEquals(2, IovecArray.trimFront(s, 3, 16)); // the header had its own descriptor
            assertEquals(0x2000, base(s, 0));
            assertEquals(512, IovecArray.length(s, 0));
            s = iov(a, 528, 512);
            assertEquals(2, IovecArray.trimFront(s, 2, 16)); // header and data in one descriptor
            assertEquals(0x1010, base(s, 0));
            assertEquals(512, IovecArray.length(s, 0));
        }
    }

    @Test
    void trimmingTheStatusOffTheBackDropsOrShortensTheLastEntry() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = iov(a, 512, 1);
            assertEquals(1, IovecArray.trimBack(s, 2, 1));
            s = iov(a, 512, 513);
            assertEquals(2, IovecArray.trimBack(s, 2, 1));
            assertEquals(512, IovecArray.length(s, 1));
            s = iov(a, 1);
            assertEquals(0, IovecArray.trimBack(s, 1, 1));
        }
    }
}
