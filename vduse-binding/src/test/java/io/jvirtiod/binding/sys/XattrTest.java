package io.jvirtiod.binding.sys;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;

class XattrTest {

    @Test
    void fdCallsSetGetListAndRemoveAnAttribute() throws Exception {
        try (TempDir d = new TempDir(); Arena a = Arena.ofConfined()) {
            Files.writeString(d.resolve("f"), "x");
            int fd = d.open("f", FcntlH.O_RDONLY);
            try {
                MemorySegment name = a.allocateFrom("user.colour");
                assertEquals(0, Xattr.fsetxattrRaw(fd, name, a.allocateFrom("blue"), XattrH.XATTR_CREATE));
                assertEquals(-Errno.EEXIST, Xattr.fsetxattrRaw(fd, name, a.allocateFrom("red"), XattrH.XATTR_CREATE));
                assertEquals(5, Xattr.fgetxattrRaw(fd, name, MemorySegment.NULL.reinterpret(0)));
                MemorySegment val = a.allocate(64);
                assertEquals(5, Xattr.fgetxattrRaw(fd, name, val));
                assertEquals("blue", val.getString(0));
                assertEquals(-Errno.ERANGE, Xattr.fgetxattrRaw(fd, name, a.allocate(2)));
                MemorySegment list = a.allocate(256);
                long n = Xattr.flistxattrRaw(fd, list);
                assertEquals("user.colour\0", new String(list.asSlice(0, n).toArray(JAVA_BYTE)));
                assertEquals(0, Xattr.fremovexattrRaw(fd, name));
                assertEquals(-Errno.ENODATA, Xattr.fgetxattrRaw(fd, name, val));
            } finally {
                FileIo.close(fd);
            }
        }
    }

    @Test
    void theProcSelfFdPathReachesTheInodeOfAnOPathFd() throws Exception {
        try (TempDir d = new TempDir(); Arena a = Arena.ofConfined()) {
            Files.writeString(d.resolve("f"), "x");
            int fd = d.open("f", FcntlH.O_PATH);
            try {
                MemorySegment name = a.allocateFrom("user.k");
                assertEquals(-Errno.EBADF, Xattr.fsetxattrRaw(fd, name, a.allocateFrom("v"), 0));
                MemorySegment path = Fds.procFdPath(a.allocate(32), fd);
                assertEquals(0, Xattr.setxattrRaw(path, name, a.allocateFrom("v"), 0));
                MemorySegment val = a.allocate(8);
                assertEquals(2, Xattr.getxattrRaw(path, name, val));
                assertEquals(7, Xattr.listxattrRaw(path, a.allocate(64)));
                assertEquals(0, Xattr.removexattrRaw(path, name));
            } finally {
                FileIo.close(fd);
            }
            int rfd = d.open("f", FcntlH.O_RDONLY);
            try {
                assertEquals(-Errno.ENODATA, Xattr.fgetxattrRaw(rfd, a.allocateFrom("user.k"), a.allocate(8)));
            } finally {
                FileIo.close(rfd);
            }
        }
    }
}
