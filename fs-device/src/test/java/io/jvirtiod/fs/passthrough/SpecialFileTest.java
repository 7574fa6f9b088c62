package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.FcntlH;
import io.jvirtiod.binding.sys.StatH;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A guest kernel that makes special files in the share and then asks to open them (the CVE-2020-35517 class):
 * the daemon, root on the host, must never open a FIFO, socket or device node for it. An open of any of them
 * gets EBADF at once (it neither blocks on a FIFO nor touches a device), and CREATE without O_EXCL of an
 * existing special file gets the same, as virtiofsd answers.
 */
class SpecialFileTest extends RootShareFixture {
    /** The host's /dev/zero and /dev/loop0, encoded as FUSE sends rdev (the kernel's new_encode_dev). */
    private static final int CHAR_1_5 = (1 << 8) | 5;
    private static final int BLOCK_7_0 = 7 << 8;
    private static final Duration NO_BLOCKING = Duration.ofSeconds(5);

    @BeforeEach
    void makeSpecialFiles() { // mknod of a device node needs root, as a guest's root may ask
        made("fifo", StatH.S_IFIFO, 0);
        made("chr", StatH.S_IFCHR, CHAR_1_5);
        made("blk", StatH.S_IFBLK, BLOCK_7_0);
        made("sock", StatH.S_IFSOCK, 0);
    }

    private void made(String name, int type, int rdev) {
        int r = fs.mknod(g.ctx, 1, g.name(name), type | 0666, rdev, 0, g.entry());
        assertEquals(0, r, "MKNOD " + name);
        assertEquals(type, g.mode() & StatH.S_IFMT, name + " is the type asked for");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "chr", "blk", "sock"})
    void anOpenOfASpecialFileIsRefusedAtOnceWithEbadf(String name) {
        long node = g.lookup(1, name);
        assertTrue(node > 0, "LOOKUP " + name + " works: its attributes are the guest's to see");
        for (int flags : List.of(FcntlH.O_RDONLY, FcntlH.O_WRONLY, FcntlH.O_RDWR, FcntlH.O_RDONLY | FcntlH.O_NONBLOCK)) {
            long r = assertTimeoutPreemptively(NO_BLOCKING, () -> g.openFile(node, flags));
            assertEquals(-Errno.EBADF, r, "OPEN " + name + " flags 0" + Integer.toOctalString(flags));
        }
        assertEquals(0, g.getattr(node), "GETATTR still answers from the O_PATH fd");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "chr", "blk", "sock"})
    void aCreateWithoutExclOfAnExistingSpecialFileIsRefusedWithEbadf(String name) {
        for (int flags : List.of(FcntlH.O_RDWR, FcntlH.O_WRONLY | FcntlH.O_TRUNC, FcntlH.O_RDONLY)) {
            long r = assertTimeoutPreemptively(NO_BLOCKING, () -> g.create(1, name, flags, 0644));
            assertEquals(-Errno.EBADF, r, "CREATE " + name + " flags 0" + Integer.toOctalString(flags));
        }
        assertEquals(-Errno.EEXIST, g.create(1, name, FcntlH.O_RDWR | FcntlH.O_EXCL, 0644), "with O_EXCL");
    }

    @Test
    void aCreateWithoutExclOfAnExistingRegularFileOpensItAndHonoursTrunc() throws Exception {
        Files.writeString(share.resolve("file"), "old contents");
        long fh = g.create(1, "file", FcntlH.O_WRONLY, 0644);
        assertTrue(fh > 0, "CREATE of an existing file without O_EXCL opens it: " + fh);
        assertEquals(12, Files.size(share.resolve("file")), "kept without O_TRUNC");
        long truncating = g.create(1, "file", FcntlH.O_WRONLY | FcntlH.O_TRUNC | FcntlH.O_NOFOLLOW, 0644);
        assertTrue(truncating > 0, "O_NOFOLLOW on a regular file is no obstacle: " + truncating);
        assertEquals(0, Files.size(share.resolve("file")), "O_TRUNC truncated it");
        assertEquals(-Errno.EEXIST, g.create(1, "file", FcntlH.O_RDWR | FcntlH.O_EXCL, 0644));
    }

    @Test
    void aCreateWithoutExclOfAnExistingDirectoryOrSymlinkAnswersAsTheKernelWould() throws Exception {
        Files.createDirectory(share.resolve("dir"));
        Files.createSymbolicLink(share.resolve("link"), Path.of("dir"));
        assertEquals(-Errno.EISDIR, g.create(1, "dir", FcntlH.O_RDWR, 0644));
        assertEquals(-Errno.ELOOP, g.create(1, "link", FcntlH.O_RDWR, 0644), "symlinks are never followed");
    }

    @Test
    void aSetattrOfTheSizeOfASpecialFileIsRefused() {
        for (String name : List.of("fifo", "chr", "blk", "sock")) {
            long node = g.lookup(1, name);
            int r = assertTimeoutPreemptively(NO_BLOCKING, () -> g.setattr(node,
                    io.jvirtiod.binding.fuse.FuseH.FATTR_SIZE, s -> s.set(java.lang.foreign.ValueLayout.JAVA_LONG,
                            io.jvirtiod.binding.fuse.FuseSetattrIn.OFFSET_SIZE, 0L)));
            assertEquals(-Errno.EINVAL, r, "truncate " + name);
        }
    }
}
