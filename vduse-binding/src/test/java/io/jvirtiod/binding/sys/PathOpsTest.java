package io.jvirtiod.binding.sys;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PathOpsTest {

    @Test
    void mkdiratMknodatAndUnlinkatCreateAndRemoveEntries() throws Exception {
        try (TempDir d = new TempDir(); Arena a = Arena.ofConfined()) {
            int old = Creds.umask(0);
            try {
                PathOps.mkdirat(d.fd, "dir", 0751);
                PathOps.mknodat(d.fd, "fifo", StatH.S_IFIFO | 0640, 0);
                PathOps.mknodat(d.fd, "reg", StatH.S_IFREG | 0600, 0);
            } finally {
                Creds.umask(old);
            }
            MemorySegment st = a.allocate(Stat.LAYOUT);
            FileStat.fstatat(d.fd, "dir", st, 0);
            assertEquals(StatH.S_IFDIR | 0751, Stat.mode(st));
            FileStat.fstatat(d.fd, "fifo", st, 0);
            assertEquals(StatH.S_IFIFO | 0640, Stat.mode(st));
            FileStat.fstatat(d.fd, "reg", st, 0);
            assertEquals(StatH.S_IFREG | 0600, Stat.mode(st));

            assertEquals(-Errno.EISDIR, PathOps.unlinkatRaw(d.fd, a.allocateFrom("dir"), 0));
            PathOps.unlinkat(d.fd, "dir", FcntlH.AT_REMOVEDIR);
            PathOps.unlinkat(d.fd, "fifo", 0);
            assertFalse(Files.exists(d.resolve("dir")));
            assertFalse(Files.exists(d.resolve("fifo")));
            assertEquals(-Errno.EEXIST, PathOps.mkdiratRaw(d.fd, a.allocateFrom("reg"), 0700));
        }
    }

    @Test
    void renameat2HonoursNoReplaceAndExchange() throws Exception {
        try (TempDir d = new TempDir(); Arena a = Arena.ofConfined()) {
            Files.writeString(d.resolve("a"), "A");
            Files.writeString(d.resolve("b"), "B");
            assertEquals(-Errno.EEXIST, PathOps.renameat2Raw(d.fd, a.allocateFrom("a"), d.fd, a.allocateFrom("b"),
                    RenameH.RENAME_NOREPLACE));
            PathOps.renameat2(d.fd, "a", d.fd, "b", RenameH.RENAME_EXCHANGE);
            assertEquals("B", Files.readString(d.resolve("a")));
            assertEquals("A", Files.readString(d.resolve("b")));
            PathOps.renameat2(d.fd, "a", d.fd, "c", RenameH.RENAME_NOREPLACE);
            assertEquals("B", Files.readString(d.resolve("c")));
            assertFalse(Files.exists(d.resolve("a")));
            PathOps.renameat2(d.fd, "c", d.fd, "b", 0);
            assertEquals("B", Files.readString(d.resolve("b")));
        }
    }

    @Test
    void linkatMakesAHardLinkAlsoFromAnOPathFd() throws Exception {
        io.jvirtiod.testsupport.Require.root(); // AT_EMPTY_PATH linking needs CAP_DAC_READ_SEARCH
        try (TempDir d = new TempDir(); Arena a = Arena.ofConfined()) {
            Files.writeString(d.resolve("f"), "x");
            PathOps.linkat(d.fd, "f", d.fd, "g", 0);
            int fd = d.open("f", FcntlH.O_PATH);
            try {
                PathOps.linkat(fd, "", d.fd, "h", FcntlH.AT_EMPTY_PATH);
            } finally {
                FileIo.close(fd);
            }
            MemorySegment st = a.allocate(Stat.LAYOUT);
            FileStat.fstatat(d.fd, "f", st, 0);
            assertEquals(3, Stat.nlink(st));
            assertTrue(Files.isSameFile(d.resolve("f"), d.resolve("h")));
        }
    }

    @Test
    void readlinkatReturnsTheTextWithoutResolvingIt() throws Exception {
        try (TempDir d = new TempDir()) {
            PathOps.symlinkat("../../does/not/exist", d.fd, "l");
            assertEquals("../../does/not/exist", PathOps.readlinkat(d.fd, "l"));
            int fd = d.open("l", FcntlH.O_PATH | FcntlH.O_NOFOLLOW);
            try {
                assertEquals("../../does/not/exist", PathOps.readlinkat(fd, ""));
            } finally {
                FileIo.close(fd);
            }
        }
    }
}
