package io.jvirtiod.binding.sys;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileStatTest {

    @Test
    void fstatatReportsWhatJavaSeesForARegularFile() throws Exception {
        try (TempDir d = new TempDir(); Arena a = Arena.ofConfined()) {
            Files.write(d.resolve("f"), new byte[12345]);
            MemorySegment st = a.allocate(Stat.LAYOUT);
            FileStat.fstatat(d.fd, "f", st, FcntlH.AT_SYMLINK_NOFOLLOW);
            assertEquals(12345, Stat.size(st));
            assertTrue(StatH.isReg(Stat.mode(st)));
            assertEquals(1, Stat.nlink(st));
            Object key = Files.readAttributes(d.resolve("f"), BasicFileAttributes.class).fileKey();
            assertTrue(key.toString().contains("ino=" + Stat.ino(st)), key + " vs ino " + Stat.ino(st));
            assertEquals(Files.getLastModifiedTime(d.resolve("f")).toMillis() / 1000, Stat.mtimeSec(st));
        }
    }

    @Test
    void fstatatWithNoFollowDescribesTheSymlinkItself() throws Exception {
        try (TempDir d = new TempDir(); Arena a = Arena.ofConfined()) {
            PathOps.symlinkat("/etc/passwd", d.fd, "l");
            MemorySegment st = a.allocate(Stat.LAYOUT);
            FileStat.fstatat(d.fd, "l", st, FcntlH.AT_SYMLINK_NOFOLLOW);
            assertTrue(StatH.isLnk(Stat.mode(st)));
            assertEquals("/etc/passwd".length(), Stat.size(st));
        }
    }

    @Test
    void statxAgreesWithFstatAndReportsAMountId() throws Exception {
        try (TempDir d = new TempDir(); Arena a = Arena.ofConfined()) {
            Files.write(d.resolve("f"), new byte[77]);
            int fd = d.open("f", FcntlH.O_PATH);
            try {
                MemorySegment st = a.allocate(Stat.LAYOUT);
                MemorySegment sx = a.allocate(Statx.LAYOUT);
                FileStat.fstat(fd, st);
                int r = FileStat.statxRaw(fd, FileStat.EMPTY_PATH, FcntlH.AT_EMPTY_PATH,
                        StatH.STATX_BASIC_STATS | StatH.STATX_MNT_ID, sx);
                assertEquals(0, r);
                assertEquals(Stat.ino(st), Statx.ino(sx));
                assertEquals(77, Statx.size(sx));
                assertEquals(Stat.mode(st), Statx.mode(sx));
                assertTrue((Statx.mask(sx) & StatH.STATX_MNT_ID) != 0, "kernel did not fill stx_mnt_id");
                assertNotEquals(0, Statx.mntId(sx));
                assertEquals(Stat.mtimeSec(st), Statx.sec(sx, Statx.OFFSET_STX_MTIME));
            } finally {
                FileIo.close(fd);
            }
        }
    }

    @Test
    void aMissingNameIsENOENTAndATooSmallBufferIsRefused() throws Exception {
        try (TempDir d = new TempDir(); Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(Stat.LAYOUT);
            assertEquals(-Errno.ENOENT, FileStat.fstatatRaw(d.fd, a.allocateFrom("nope"), st, 0));
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> FileStat.fstatRaw(d.fd, a.allocate(16)));
        }
    }

    @Test
    void fstatfsReportsBlocksAndNameLength() throws Exception {
        try (TempDir d = new TempDir(); Arena a = Arena.ofConfined()) {
            MemorySegment sf = a.allocate(Statfs.LAYOUT);
            FileStat.fstatfs(d.fd, sf);
            assertTrue(Statfs.blocks(sf) > 0);
            assertTrue(Statfs.bsize(sf) > 0);
            assertEquals(255, Statfs.namelen(sf));
            assertEquals(d.path.getFileSystem().provider().getFileStore(d.path).getTotalSpace(),
                    Statfs.blocks(sf) * Statfs.frsize(sf));
        }
    }
}
