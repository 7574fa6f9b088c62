package io.jvirtiod.binding.sys;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrnoExceptionTest {

    @Test
    void closingAnInvalidFdNamesTheCallAndEBADF() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> FileIo.close(-1));
        assertEquals(Errno.EBADF, e.errno());
        assertEquals("EBADF", e.errnoName());
        assertEquals("close(-1)", e.call());
        assertTrue(e.getMessage().startsWith("close(-1): EBADF ("), e.getMessage());
    }

    @Test
    void theRawVariantReturnsMinusErrno() {
        assertEquals(-Errno.EBADF, FileIo.closeRaw(-1));
    }

    @Test
    void anUnknownErrnoIsNamedByNumber() {
        assertEquals("errno 4000", Errno.name(4000));
    }
}
