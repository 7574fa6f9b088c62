package io.jvirtiod.binding.virtio;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VirtioFsConfigTest {

    @Test
    void aFullLengthTagHasNoNulAndAnOverlongOneIsRefused() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(VirtioFsConfig.LAYOUT);
            VirtioFsConfig.tag(s, "t".repeat(36));
            assertEquals('t', VirtioFsConfig.tag(s).get(java.lang.foreign.ValueLayout.JAVA_BYTE, 35));
            assertThrows(IllegalArgumentException.class, () -> VirtioFsConfig.tag(s, "t".repeat(37)));
            assertThrows(IllegalArgumentException.class, () -> VirtioFsConfig.tag(s, "a\0b"));
        }
    }

    @Test
    void packedFieldsReadAtAnOddAddress() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(VirtioFsConfig.SIZE + 1, 8).asSlice(1);
            VirtioFsConfig.num_request_queues(s, 0x01020304);
            assertEquals(0x01020304, VirtioFsConfig.num_request_queues(s));
            assertEquals(40, VirtioFsConfig.SIZE);
        }
    }

    @Test
    void blockConfigIsReadUnalignedToo() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(VirtioBlkConfig.SIZE + 3, 8).asSlice(3);
            VirtioBlkConfig.capacity(s, 1L << 40);
            VirtioBlkConfig.num_queues(s, (short) 4);
            assertEquals(1L << 40, VirtioBlkConfig.capacity(s));
            assertEquals(4, VirtioBlkConfig.num_queues(s));
            assertEquals(72, VirtioBlkConfig.SIZE);
        }
    }
}
