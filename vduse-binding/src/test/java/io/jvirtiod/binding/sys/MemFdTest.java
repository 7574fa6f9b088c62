package io.jvirtiod.binding.sys;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MemFdTest {

    private int fd = -1;

    @AfterEach
    void close() {
        if (fd >= 0) FileIo.close(fd);
    }

    @Test
    void twoSharedMappingsOfOneMemfdSeeEachOthersWrites() {
        fd = MemFd.create("jvirtiod-test", MemFdH.MFD_CLOEXEC);
        MemFd.ftruncate(fd, 8192);
        MemorySegment a = Mman.mmap(8192, MmanH.PROT_READ | MmanH.PROT_WRITE, MmanH.MAP_SHARED, fd, 0);
        MemorySegment b = Mman.mmap(4096, MmanH.PROT_READ | MmanH.PROT_WRITE, MmanH.MAP_SHARED, fd, 4096);
        try {
            a.set(JAVA_LONG, 4096 + 8, 0xfeed_face_cafe_beefL);
            assertEquals(0xfeed_face_cafe_beefL, b.get(JAVA_LONG, 8), "the second mapping starts at page 1");
            b.set(JAVA_LONG, 16, 42);
            assertEquals(42, a.get(JAVA_LONG, 4096 + 16));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buf = arena.allocate(JAVA_LONG);
                assertEquals(8, FileIo.pread(fd, buf, 4096 + 8));
                assertEquals(0xfeed_face_cafe_beefL, buf.get(JAVA_LONG, 0), "and the file itself holds it");
            }
        } finally {
            Mman.munmap(a);
            Mman.munmap(b);
        }
    }

    @Test
    void aGrowSealStopsTheFileGrowing() {
        fd = MemFd.create("jvirtiod-sealed", MemFdH.MFD_CLOEXEC | MemFdH.MFD_ALLOW_SEALING);
        MemFd.ftruncate(fd, 4096);
        MemFd.addSeals(fd, MemFdH.F_SEAL_GROW | MemFdH.F_SEAL_SHRINK);
        assertEquals(MemFdH.F_SEAL_GROW | MemFdH.F_SEAL_SHRINK, MemFd.seals(fd));
        assertEquals(-Errno.EPERM, MemFd.ftruncateRaw(fd, 8192));
    }

    @Test
    void sealingAMemfdCreatedWithoutSealingNamesEPERM() {
        fd = MemFd.create("jvirtiod-unsealable", MemFdH.MFD_CLOEXEC);
        ErrnoException e = assertThrows(ErrnoException.class, () -> MemFd.addSeals(fd, MemFdH.F_SEAL_GROW));
        assertEquals(Errno.EPERM, e.errno());
    }
}
