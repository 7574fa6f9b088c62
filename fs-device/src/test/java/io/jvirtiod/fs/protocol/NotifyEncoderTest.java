package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseH;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NotifyEncoderTest {
    private final byte[] bytes = new byte[2048];
    private final MemorySegment buf = MemorySegment.ofArray(bytes);
    private final ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);

    @Test
    void invalEntryCarriesTheNameAndItsNulAfterTheStruct() {
        int len = NotifyEncoder.invalEntry(buf, 9, "abc".getBytes(StandardCharsets.US_ASCII), true);
        assertEquals(16 + 16 + 4, len);
        assertEquals(len, b.getInt(0));
        assertEquals(FuseH.FUSE_NOTIFY_INVAL_ENTRY, b.getInt(4));
        assertEquals(0, b.getLong(8), "notifications have unique 0");
        assertEquals(9, b.getLong(16));
        assertEquals(3, b.getInt(24));
        assertEquals(FuseH.FUSE_EXPIRE_ONLY, b.getInt(28));
        assertEquals('c', bytes[34]);
        assertEquals(0, bytes[35]);
    }

    @Test
    void deleteAndInvalInodeAndResendHaveTheirKernelSizes() {
        assertEquals(16 + 24 + 2, NotifyEncoder.delete(buf, 1, 2, "x".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(FuseH.FUSE_NOTIFY_DELETE, b.getInt(4));
        assertEquals(16 + 24, NotifyEncoder.invalInode(buf, 5, -1, 0));
        assertEquals(-1, b.getLong(24));
        assertEquals(16, NotifyEncoder.resend(buf));
        assertEquals(FuseH.FUSE_NOTIFY_RESEND, b.getInt(4));
    }

    @Test
    void aNameThatIsNoPathComponentIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> NotifyEncoder.invalEntry(buf, 1, "a/b".getBytes(), false));
        assertThrows(IllegalArgumentException.class, () -> NotifyEncoder.invalEntry(buf, 1, new byte[0], false));
        assertThrows(IllegalArgumentException.class, () -> NotifyEncoder.delete(buf, 1, 2, new byte[1025]));
    }
}
