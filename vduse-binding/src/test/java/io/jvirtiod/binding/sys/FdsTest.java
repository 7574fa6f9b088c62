package io.jvirtiod.binding.sys;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class FdsTest {

    @Test
    void dupSharesTheFileAndCloseRangeClosesBoth() throws Exception {
        try (TempDir d = new TempDir(); Arena a = Arena.ofConfined()) {
            int fd = d.open("f", FcntlH.O_RDWR | FcntlH.O_CREAT);
            int copy = Fds.dup(fd);
            assertNotEquals(fd, copy);
            FileIo.write(fd, a.allocateFrom("abc"));
            MemorySegment st = a.allocate(Stat.LAYOUT);
            FileStat.fstat(copy, st);
            assertEquals(4, Stat.size(st));
            assertEquals(FcntlH.O_RDWR, Fds.fcntlRaw(copy, FcntlH.F_GETFL, 0) & FcntlH.O_ACCMODE);
            int lo = Math.min(fd, copy), hi = Math.max(fd, copy);
            if (hi - lo == 1) {
                assertEquals(0, Fds.closeRangeRaw(lo, hi, 0));
            } else {
                FileIo.close(fd);
                FileIo.close(copy);
            }
            assertEquals(-Errno.EBADF, Fds.fcntlRaw(copy, FcntlH.F_GETFL, 0));
        }
    }
}
