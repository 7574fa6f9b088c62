package io.jvirtiod.virtqueue;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuestMemoryTest {

    @Test
    void rangesAreTranslatedOnlyInsideARegionAndContainedAcrossAdjacentOnes() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            GuestMemory m = GuestMemory.of(new GuestRegion(0x2000, arena.allocate(0x1000)),
                    new GuestRegion(0x1000, arena.allocate(0x1000)), new GuestRegion(0x8000, arena.allocate(0x100)));
            assertEquals(0x10, m.translate(0x1ff0, 0x10).byteSize());
            assertNull(m.translateOrNull(0x1ff0, 0x11), "straddles two regions");
            assertTrue(m.contains(0x1ff0, 0x1010), "adjacent regions form one range");
            assertFalse(m.contains(0x1ff0, 0x2011), "a hole after 0x3000");
            assertFalse(m.contains(0x0fff, 1));
            assertTrue(m.contains(0x80ff, 1));
            assertFalse(m.contains(0x80ff, 2));
            assertTrue(m.contains(0x8100 - 1, 0));
            assertEquals(QueueError.ADDRESS_OUT_OF_RANGE,
                    assertThrows(VirtqueueException.class, () -> m.translate(-16, 32)).kind());
        }
    }

    @Test
    void aRegionEndingAtTheTopOfTheAddressSpaceDoesNotWrap() {
        try (Arena arena = Arena.ofConfined()) {
            GuestMemory m = GuestMemory.of(new GuestRegion(-0x1000L, arena.allocate(0x1000)));
            assertTrue(m.contains(-0x10L, 0x10));
            assertFalse(m.contains(-0x10L, 0x11));
            assertFalse(m.contains(0, 1));
        }
    }

    @Test
    void overlappingRegionsAreRefused() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(0x1000);
            assertThrows(IllegalArgumentException.class, () -> GuestMemory.of(new GuestRegion(0x1000, a),
                    new GuestRegion(0x1800, arena.allocate(0x1000))));
        }
    }

    @Test
    void heapMemoryIsNotGuestMemory() {
        assertThrows(IllegalArgumentException.class, () -> new GuestRegion(0, MemorySegment.ofArray(new byte[16])));
    }
}
