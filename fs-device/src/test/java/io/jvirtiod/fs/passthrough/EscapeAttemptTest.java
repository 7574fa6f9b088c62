package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.FcntlH;
import io.jvirtiod.binding.sys.RenameH;
import io.jvirtiod.binding.sys.StatH;
import io.jvirtiod.testsupport.Require;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A malicious guest kernel's requests, sent straight to the file system: crafted names, symlinks and magic
 * links planted in the share, forged node ids and file handles, rename races. None may reach a file outside the
 * shared directory; each must fail with a clear errno and leave the daemon serving.
 */
class EscapeAttemptTest {
    @TempDir
    Path tmp;
    Path share;
    Path outside;
    Path secret;
    PassthroughFs fs;
    Guest g;

    @BeforeEach
    void setUp() throws Exception {
        share = Files.createDirectory(tmp.resolve("share"));
        outside = Files.createDirectory(tmp.resolve("outside"));
        secret = Files.writeString(outside.resolve("secret"), "do not touch");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Files.createDirectory(share.resolve("sub"));
        Files.writeString(share.resolve("sub/inside"), "fine");
        Files.createSymbolicLink(share.resolve("to-root"), Path.of("/"));
        Files.createSymbolicLink(share.resolve("up"), Path.of("../.."));
        Files.createSymbolicLink(share.resolve("to-secret"), secret);
        Files.createSymbolicLink(share.resolve("to-outside"), Path.of("../outside"));
        Files.createSymbolicLink(share.resolve("magic"), Path.of("/proc/self/root"));
        Files.createSymbolicLink(share.resolve("magic-cwd"), Path.of("/proc/self/cwd"));
        fs = new PassthroughFs(PassthroughConfig.of(share));
        g = new Guest(fs);
    }

    @AfterEach
    void tearDown() {
        g.close();
        fs.close();
    }

    private void secretUntouched() throws Exception {
        assertEquals("do not touch", Files.readString(secret));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
        assertEquals(0, Files.getAttribute(secret, "unix:uid"));
        assertEquals(java.util.List.of(), Files.getFileAttributeView(secret,
                java.nio.file.attribute.UserDefinedFileAttributeView.class).list(), "no xattr may reach the secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "", "/etc", "sub/inside", "../outside", "a/b", "/", "to-root/etc"})
    void namesThatAreNotOneComponentAreRejected(String name) throws Exception {
        assertEquals(-Errno.EINVAL, g.lookup(1, name));
        assertEquals(-Errno.EINVAL, g.fs.create(g.ctx, 1, g.name(name), FcntlH.O_RDWR, 0644, 0, 0, g.entry(), g.open()));
        assertEquals(-Errno.EINVAL, g.mkdir(1, name, 0755));
        assertEquals(-Errno.EINVAL, g.fs.unlink(g.ctx, 1, g.name(name)));
        assertEquals(-Errno.EINVAL, g.fs.rename(g.ctx, 1, g.name("sub"), 1, g.name(name), 0));
        assertEquals(-Errno.EINVAL, g.fs.symlink(g.ctx, 1, g.name(name), g.name("x"), g.entry()));
        secretUntouched();
        assertTrue(Files.exists(share.resolve("sub/inside")));
    }

    @Test
    void aNameLongerThanNameMaxIsRejected() {
        assertEquals(-Errno.ENAMETOOLONG, g.lookup(1, "x".repeat(256)));
    }

    @Test
    void symlinksAreInodesOfTheirOwnAndAreNeverFollowed() throws Exception {
        for (String link : new String[] {"to-root", "up", "to-secret", "to-outside", "magic", "magic-cwd"}) {
            long node = g.lookup(1, link);
            assertTrue(node > 1, link + ": " + node);
            assertEquals(StatH.S_IFLNK, g.mode() & StatH.S_IFMT, link + " must be seen as a symlink");
            // Resolving through the link is the guest's job; the server never does it.
            assertEquals(-Errno.ENOTDIR, g.lookup(node, "etc"), link);
            assertEquals(-Errno.ENOTDIR, g.lookup(node, "secret"), link);
            assertEquals(-Errno.ELOOP, g.openFile(node, FcntlH.O_RDONLY), link);
            assertEquals(-Errno.ELOOP, g.openFile(node, FcntlH.O_RDWR | FcntlH.O_TRUNC), link);
            assertEquals(-Errno.ENOTDIR, g.fs.opendir(g.ctx, node, 0, g.open()), link);
            assertEquals(-Errno.ENOTDIR, g.fs.create(g.ctx, node, g.name("pwned"), FcntlH.O_RDWR, 0644, 0, 0,
                    g.entry(), g.open()), link);
            assertEquals(-Errno.ENOTDIR, g.mkdir(node, "pwned", 0755), link);
        }
        assertEquals("/", g.readlink(g.lookup(1, "to-root")));
        assertEquals("../..", g.readlink(g.lookup(1, "up")));
        assertFalse(Files.exists(Path.of("/pwned")));
        assertFalse(Files.exists(tmp.resolve("pwned")));
        secretUntouched();
    }

    @Test
    void attributeChangesOnASymlinkNeverReachItsTarget() throws Exception {
        long node = g.lookup(1, "to-secret");
        assertEquals(-Errno.EOPNOTSUPP, g.setattr(node, FuseH.FATTR_MODE,
                in -> in.set(JAVA_INT, io.jvirtiod.binding.fuse.FuseSetattrIn.OFFSET_MODE, 0777)));
        assertEquals(-Errno.EINVAL, g.setattr(node, FuseH.FATTR_SIZE,
                in -> in.set(JAVA_LONG, io.jvirtiod.binding.fuse.FuseSetattrIn.OFFSET_SIZE, 0)));
        Require.root();
        assertEquals(0, g.setattr(node, FuseH.FATTR_UID,
                in -> in.set(JAVA_INT, io.jvirtiod.binding.fuse.FuseSetattrIn.OFFSET_UID, 4321)));
        assertEquals(4321, Files.readAttributes(share.resolve("to-secret"), "unix:uid",
                java.nio.file.LinkOption.NOFOLLOW_LINKS).get("uid"));
        int r = g.fs.setxattr(g.ctx, node, g.name("user.evil"), g.arena.allocateFrom("1"), 0, 1, 0, 0);
        assertTrue(r < 0, "user xattrs on a symlink must fail, got " + r);
        // A hard link of the symlink node links the symlink, not the secret.
        assertEquals(0, g.fs.link(g.ctx, node, 1, g.name("hard"), g.entry()));
        assertTrue(Files.isSymbolicLink(share.resolve("hard")));
        secretUntouched();
    }

    @Test
    void staleAndForgedNodeIdsAreEstaleNeverAnotherFile() throws Exception {
        long[] forged = {0, 2, 3, 999, 123456789, -1, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long node : forged) {
            assertEquals(-Errno.ESTALE, g.lookup(node, "secret"), "lookup in " + node);
            assertEquals(-Errno.ESTALE, g.getattr(node), "getattr " + node);
            assertEquals(-Errno.ESTALE, g.openFile(node, FcntlH.O_RDONLY), "open " + node);
            assertEquals(-Errno.ESTALE, g.mkdir(node, "d", 0755), "mkdir in " + node);
            assertEquals(-Errno.ESTALE, g.fs.unlink(g.ctx, node, g.name("x")), "unlink in " + node);
            g.fs.forget(g.ctx, node, 1000); // no reply, no crash
        }
        long sub = g.lookup(1, "sub");
        long inside = g.lookup(sub, "inside");
        assertEquals(0, g.getattr(inside));
        g.fs.forget(g.ctx, inside, 1);
        assertEquals(-Errno.ESTALE, g.getattr(inside), "a forgotten node id is stale");
        assertEquals(-Errno.ESTALE, g.openFile(inside, FcntlH.O_RDONLY));
        g.fs.forget(g.ctx, 1, 1_000_000);
        assertEquals(0, g.getattr(1), "the root is never forgotten");
        secretUntouched();
    }

    @Test
    void forgedFileHandlesAreEbadfEvenWhenTheyEqualDaemonFds() throws Exception {
        // Small numbers are the daemon's own fds (stdio, the shared dir...); fh is a table key, never an fd.
        for (long fh : new long[] {0, 1, 2, 3, 4, 5, 10, 100, -1, Long.MAX_VALUE}) {
            assertEquals(-Errno.EBADF, g.readRaw(fh, 0, 16), "read fh " + fh);
            assertEquals(-Errno.EBADF, g.write(fh, 0, "x"), "write fh " + fh);
            assertEquals(-Errno.EBADF, g.fs.fsync(g.ctx, 1, fh, false));
            assertEquals(-Errno.EBADF, g.fs.release(g.ctx, 1, fh, 0, 0, 0));
        }
        long node = g.walk("sub/inside");
        long fh = g.openFile(node, FcntlH.O_RDONLY);
        assertEquals("fine", g.read(fh, 0, 100));
        assertEquals(0, g.fs.release(g.ctx, node, fh, 0, 0, 0));
        assertEquals(-Errno.EBADF, g.readRaw(fh, 0, 16), "a released fh is gone");
        secretUntouched();
    }

    @Test
    void aDirectorySwappedForASymlinkMidwayNeverLeadsOutside() throws Exception {
        Files.createDirectory(share.resolve("d"));
        Files.writeString(share.resolve("d/secret"), "decoy");
        Files.createSymbolicLink(share.resolve("flip"), outside);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread swapper = new Thread(() -> {
            try (Guest other = new Guest(fs)) {
                while (!stop.get()) {
                    int r = fs.rename(other.ctx, 1, other.name("d"), 1, other.name("flip"), RenameH.RENAME_EXCHANGE);
                    if (r < 0) throw new AssertionError("exchange failed: " + r);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        swapper.start();
        long secretIno = (long) Files.getAttribute(secret, "unix:ino");
        try {
            for (int i = 0; i < 3000; i++) {
                long d = g.lookup(1, "d");
                if (d < 0) continue;
                long s = g.lookup(d, "secret");
                if (s > 0) {
                    long fh = g.openFile(s, FcntlH.O_RDONLY);
                    if (fh > 0) {
                        String text = g.read(fh, 0, 100);
                        assertEquals("decoy", text, "read through a swapped directory");
                        g.fs.release(g.ctx, s, fh, 0, 0, 0);
                    }
                    assertTrue(g.entry.attr().ino() != secretIno);
                }
                g.fs.create(g.ctx, d, g.name("pwned" + (i % 7)), FcntlH.O_RDWR, 0644, 0, 0, g.entry(), g.open());
            }
        } finally {
            stop.set(true);
            swapper.join();
        }
        assertNull(failure.get());
        try (var list = Files.list(outside)) {
            assertEquals(1, list.count(), "nothing may be created outside the share");
        }
        secretUntouched();
    }
}
