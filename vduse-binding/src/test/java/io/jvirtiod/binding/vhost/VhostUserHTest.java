package io.jvirtiod.binding.vhost;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VhostUserHTest {

    @Test
    void requestsAreNamedForErrorsAndAnUnknownOneByNumber() {
        assertEquals("GET_INFLIGHT_FD", VhostUserH.requestName(VhostUserH.VHOST_USER_GET_INFLIGHT_FD));
        assertEquals("CHECK_DEVICE_STATE", VhostUserH.requestName(VhostUserH.VHOST_USER_CHECK_DEVICE_STATE));
        assertEquals("request 4294967295", VhostUserH.requestName(-1));
        assertEquals("request 44", VhostUserH.requestName(VhostUserH.VHOST_USER_MAX));
    }

    @Test
    void aPayloadRightAfterTheTwelveByteHeaderIsReadWhereItLies() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment msg = arena.allocate(VhostUserHeader.SIZE + VhostUserPayload.SIZE, 8);
            MemorySegment payload = msg.asSlice(VhostUserHeader.SIZE);
            MemorySegment region = VhostUserMemory.regions(payload, 7);
            VhostUserMemoryRegion.mmap_offset(region, 0x1000);
            assertEquals(0x1000, VhostUserMemoryRegion.mmap_offset(region));
            assertEquals(12 + 8 + 7 * 32 + 24, region.address() - msg.address() + VhostUserMemoryRegion.OFFSET_MMAP_OFFSET);
            assertThrows(IndexOutOfBoundsException.class, () -> VhostUserMemory.regions(payload, 8));
        }
    }

    @Test
    void payloadsHaveTheirOnTheWireSizes() {
        assertEquals(12, VhostUserHeader.SIZE);
        assertEquals(24, VhostUserInflight.SIZE, "QEMU sends the inflight description with its tail padding");
        assertEquals(40, VhostUserVringAddr.SIZE);
        assertEquals(264, VhostUserMemory.SIZE);
        assertEquals(268, VhostUserPayload.SIZE, "the config space message is the largest");
    }
}
