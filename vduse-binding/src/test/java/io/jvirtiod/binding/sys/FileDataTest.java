package io.jvirtiod.binding.sys;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FileDataTest {

    @Test
    void ftruncateAndFallocateChangeSizeAndAllocation() throws Exception {
        try (TempDir d = new TempDir(); Arena a = Arena.ofConfined()) {
            int fd = d.open("f", FcntlH.O_RDWR | FcntlH.O_CREAT);
            try {
                FileData.ftruncate(fd, 1 << 20);
                MemorySegment st = a.allocate(Stat.LAYOUT);
                FileStat.fstat(fd, st);
                assertEquals(1 << 20, Stat.size(st));
                assertEquals(0, Stat.blocks(st), "a truncated-up file is sparse");
                FileData.fallocate(fd, FallocH.FALLOC_FL_KEEP_SIZE, 0, 2 << 20);
                FileStat.fstat(fd, st);
                assertEquals(1 << 20, Stat.size(st));
                assertEquals((2 << 20) / 512, Stat.blocks(st));
                FileData.fallocate(fd, FallocH.FALLOC_FL_PUNCH_HOLE | FallocH.FALLOC_FL_KEEP_SIZE, 0, 1 << 20);
                FileStat.fstat(fd, st);
                assertEquals((1 << 20) / 512, Stat.blocks(st), "the hole frees the first MiB only");
            } finally {
                FileIo.close(fd);
            }
        }
    }

    @Test
    void seekDataAndSeekHoleFindTheWrittenRegion() throws Exception {
        try (TempDir d = new TempDir(); Arena a = Arena.ofConfined()) {
            int fd = d.open("f", FcntlH.O_RDWR | FcntlH.O_CREAT);
            try {
                FileData.ftruncate(fd, 8 << 20);
                FileIo.pwrite(fd, a.allocate(4096).fill((byte) 1), 4 << 20);
                FileData.fsync(fd);
                assertEquals(4 << 20, FileData.lseek(fd, 0, SeekH.SEEK_DATA));
                assertEquals((4 << 20) + 4096, FileData.lseek(fd, 4 << 20, SeekH.SEEK_HOLE));
                assertEquals(-Errno.ENXIO, FileData.lseekRaw(fd, (4 << 20) + 4096, SeekH.SEEK_DATA));
                assertEquals(0, FileData.fdatasyncRaw(fd));
                assertEquals(0, FileData.syncfsRaw(fd));
            } finally {
                FileIo.close(fd);
            }
        }
    }

    @Test
    void copyFileRangeCopiesBetweenOffsetsAndAdvancesThem() throws Exception {
        try (TempDir d = new TempDir(); Arena a = Arena.ofConfined()) {
            byte[] data = new byte[10000];
            for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 7);
            Files.write(d.resolve("src"), data);
            int in = d.open("src", FcntlH.O_RDONLY);
            int out = d.open("dst", FcntlH.O_WRONLY | FcntlH.O_CREAT);
            try {
                MemorySegment offIn = a.allocate(JAVA_LONG);
                MemorySegment offOut = a.allocate(JAVA_LONG);
                offIn.set(JAVA_LONG, 0, 1000);
                offOut.set(JAVA_LONG, 0, 0);
                long n = FileData.copyFileRangeRaw(in, offIn, out, offOut, 5000, 0);
                assertEquals(5000, n);
                assertEquals(6000, offIn.get(JAVA_LONG, 0));
                assertEquals(5000, offOut.get(JAVA_LONG, 0));
            } finally {
                FileIo.close(in);
                FileIo.close(out);
            }
            byte[] expect = java.util.Arrays.copyOfRange(data, 1000, 6000);
            assertArrayEquals(expect, Files.readAllBytes(d.resolve("dst")));
            assertEquals(-Errno.EBADF, FileData.ftruncateRaw(-1, 0));
            assertEquals(JAVA_BYTE.byteSize(), 1);
        }
    }
}
