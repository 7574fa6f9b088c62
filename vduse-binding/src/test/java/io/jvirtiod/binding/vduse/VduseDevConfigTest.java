package io.jvirtiod.binding.vduse;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VduseDevConfigTest {

    @Test
    void theConfigSpaceFollowsTheFixedPart() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(VduseDevConfig.sizeWithConfig(60), 8);
            VduseDevConfig.config_size(s, 60);
            assertEquals(336, VduseDevConfig.OFFSET_CONFIG);
            assertEquals(60, VduseDevConfig.config(s).byteSize());
        }
    }

    @Test
    void aConfigSizeLargerThanTheBufferCannotReachPastIt() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(VduseDevConfig.sizeWithConfig(8), 8);
            VduseDevConfig.config_size(s, -1);
            assertThrows(IndexOutOfBoundsException.class, () -> VduseDevConfig.config(s));
        }
    }

    @Test
    void aNameIsWrittenNulTerminatedAndABadOneIsRefused() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(VduseDevConfig.LAYOUT);
            VduseDevConfig.name(s, "jvirtiod-blk0");
            assertEquals("jvirtiod-blk0", VduseDevConfig.name(s).getString(0));
            assertThrows(IllegalArgumentException.class, () -> VduseDevConfig.name(s, "../escape"));
            assertThrows(IllegalArgumentException.class, () -> VduseDevConfig.name(s, "x".repeat(VduseH.VDUSE_NAME_MAX)));
            assertThrows(IllegalArgumentException.class, () -> VduseDevConfig.name(s, ""));
        }
    }

    @Test
    void theCreateIoctlEncodesTheStructSize() {
        // _IOW(0x81, 0x02, struct vduse_dev_config): write direction, 336-byte argument
        assertEquals(0x4150_8102L, VduseH.VDUSE_CREATE_DEV);
    }
}
