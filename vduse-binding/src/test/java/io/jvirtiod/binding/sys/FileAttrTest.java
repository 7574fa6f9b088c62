package io.jvirtiod.binding.sys;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileAttrTest {

    @Test
    void fchmodAndFchmodatChangeThePermissionBits() throws Exception {
        try (TempDir d = new TempDir(); Arena a = Arena.ofConfined()) {
            Files.writeString(d.resolve("f"), "x");
            int fd = d.open("f", FcntlH.O_RDONLY);
            MemorySegment st = a.allocate(Stat.LAYOUT);
            try {
                FileAttr.fchmod(fd, 0604);
                FileStat.fstat(fd, st);
                assertEquals(StatH.S_IFREG | 0604, Stat.mode(st));
            } finally {
                FileIo.close(fd);
            }
            assertEquals(0, FileAttr.fchmodatRaw(d.fd, a.allocateFrom("f"), 0640, 0));
            FileStat.fstatat(d.fd, "f", st, 0);
            assertEquals(StatH.S_IFREG | 0640, Stat.mode(st));
        }
    }

    @Test
    void fchownatOnAnOPathFdChangesOwnerOfASymlinkItself() throws Exception {
        io.jvirtiod.testsupport.Require.root();
        try (TempDir d = new TempDir(); Arena a = Arena.ofConfined()) {
            Files.writeString(d.resolve("f"), "x");
            PathOps.symlinkat("f", d.fd, "l");
            int fd = d.open("l", FcntlH.O_PATH | FcntlH.O_NOFOLLOW);
            try {
                assertEquals(0, FileAttr.fchownatRaw(fd, FileStat.EMPTY_PATH, 1234, 5678,
                        FcntlH.AT_EMPTY_PATH | FcntlH.AT_SYMLINK_NOFOLLOW));
            } finally {
                FileIo.close(fd);
            }
            MemorySegment st = a.allocate(Stat.LAYOUT);
            FileStat.fstatat(d.fd, "l", st, FcntlH.AT_SYMLINK_NOFOLLOW);
            assertEquals(1234, Stat.uid(st));
            assertEquals(5678, Stat.gid(st));
            FileStat.fstatat(d.fd, "f", st, 0);
            assertEquals(0, Stat.uid(st), "the target must be untouched");
            int rfd = d.open("f", FcntlH.O_RDONLY);
            try {
                FileAttr.fchown(rfd, 42, -1);
                FileStat.fstat(rfd, st);
                assertEquals(42, Stat.uid(st));
                assertEquals(0, Stat.gid(st));
            } finally {
                FileIo.close(rfd);
            }
        }
    }

    @Test
    void utimensatSetsExactTimesAndHonoursOmitAndNow() throws Exception {
        try (TempDir d = new TempDir(); Arena a = Arena.ofConfined()) {
            Files.writeString(d.resolve("f"), "x");
            MemorySegment times = a.allocate(Timespec.LAYOUT, 2);
            Timespec.set(times, 0, 1_000_000, 123);
            Timespec.set(times, 1, 2_000_000, 456);
            assertEquals(0, FileAttr.utimensatRaw(d.fd, a.allocateFrom("f"), times, 0));
            MemorySegment st = a.allocate(Stat.LAYOUT);
            FileStat.fstatat(d.fd, "f", st, 0);
            assertEquals(1_000_000, Stat.atimeSec(st));
            assertEquals(123, Stat.atimeNsec(st));
            assertEquals(2_000_000, Stat.mtimeSec(st));
            assertEquals(456, Stat.mtimeNsec(st));

            int fd = d.open("f", FcntlH.O_RDONLY);
            try {
                Timespec.set(times, 0, 0, StatH.UTIME_OMIT);
                Timespec.set(times, 1, 0, StatH.UTIME_NOW);
                FileAttr.futimens(fd, times);
            } finally {
                FileIo.close(fd);
            }
            FileStat.fstatat(d.fd, "f", st, 0);
            assertEquals(1_000_000, Stat.atimeSec(st));
            assertTrue(Math.abs(Stat.mtimeSec(st) - System.currentTimeMillis() / 1000) < 60);
        }
    }
}
