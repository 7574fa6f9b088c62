package io.jvirtiod.binding.sys;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileHandlesTest {

    @Test
    void aHandleReopensTheSameInodeAndGoesStaleWhenTheFileIsDeleted() throws Exception {
        io.jvirtiod.testsupport.Require.root();
        try (TempDir d = new TempDir(); Arena a = Arena.ofConfined()) {
            Files.writeString(d.resolve("f"), "hello");
            MemorySegment h = a.allocate(FileHandle.MAX_SIZE);
            MemorySegment mnt = a.allocate(JAVA_INT);
            assertEquals(0, FileHandles.nameToHandleAtRaw(d.fd, a.allocateFrom("f"), h, mnt, 0));
            assertTrue(FileHandle.handleBytes(h) > 0 && FileHandle.handleBytes(h) <= FileHandle.MAX_HANDLE_SZ);
            MemorySegment st = a.allocate(Stat.LAYOUT);
            FileStat.fstatat(d.fd, "f", st, 0);
            long ino = Stat.ino(st);

            int fd = FileHandles.openByHandleAt(d.fd, h, FcntlH.O_RDONLY | FcntlH.O_CLOEXEC);
            try {
                MemorySegment buf = a.allocate(16);
                assertEquals(5, FileIo.read(fd, buf));
                FileStat.fstat(fd, st);
                assertEquals(ino, Stat.ino(st));
            } finally {
                FileIo.close(fd);
            }
            Files.delete(d.resolve("f"));
            assertEquals(-Errno.ESTALE, FileHandles.openByHandleAtRaw(d.fd, h, FcntlH.O_PATH));
        }
    }

    @Test
    void aHandleClaimingMoreBytesThanItsBufferIsRefused() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment h = a.allocate(FileHandle.OFFSET_F_HANDLE + 8);
            FileHandle.handleBytes(h, 64);
            assertThrows(IllegalArgumentException.class, () -> FileHandles.openByHandleAtRaw(0, h, 0));
        }
    }
}
