package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseSetattrIn;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.FcntlH;
import io.jvirtiod.binding.sys.LockH;
import io.jvirtiod.binding.sys.RenameH;
import io.jvirtiod.binding.sys.StatH;
import io.jvirtiod.fs.protocol.LockIn;
import io.jvirtiod.testsupport.Require;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The passthrough operations called directly, as the dispatcher would, in both inode-holding modes. */
class PassthroughFsTest {
    @TempDir
    Path share;
    PassthroughFs fs;
    Guest g;

    void start(boolean handles) {
        fs = new PassthroughFs(PassthroughConfig.of(share).withFileHandles(handles));
        g = new Guest(fs);
        if (handles) {
            Require.root(); // open_by_handle_at needs CAP_DAC_READ_SEARCH
            assertTrue(fs.usesFileHandles(), "ext4/tmpfs support file handles; they should be used");
        }
    }

    @AfterEach
    void tearDown() {
        if (g != null) g.close();
        if (fs != null) fs.close();
    }

    @ParameterizedTest(name = "file handles {0}")
    @ValueSource(booleans = {true, false})
    void lookupsAreCountedAndForgetRemovesTheNode(boolean handles) throws Exception {
        start(handles);
        Files.writeString(share.resolve("f"), "x");
        long a = g.lookup(1, "f");
        long b = g.lookup(1, "f");
        assertEquals(a, b, "one node id per inode");
        assertEquals(fs.generation(), g.entrySeg.get(JAVA_LONG, io.jvirtiod.binding.fuse.FuseEntryOut.OFFSET_GENERATION));
        assertTrue(fs.generation() > 0);
        assertEquals(2, fs.inodes().lookups(a));
        g.fs.forget(g.ctx, a, 1);
        assertEquals(0, g.getattr(a));
        g.fs.forget(g.ctx, a, 1);
        assertEquals(-Errno.ESTALE, g.getattr(a));
        long c = g.lookup(1, "f");
        assertNotEquals(a, c, "node ids are never reused");
        assertEquals(0, g.lookup(1, "missing"), "a negative entry");
        assertEquals(1, g.entrySeg.get(JAVA_LONG, io.jvirtiod.binding.fuse.FuseEntryOut.OFFSET_ENTRY_VALID),
                "cached for the auto mode's second");
        assertEquals(2, fs.inodes().size());
    }

    @ParameterizedTest(name = "file handles {0}")
    @ValueSource(booleans = {true, false})
    void hardLinksShareOneNodeAndLinkCountsLookups(boolean handles) throws Exception {
        start(handles);
        Files.writeString(share.resolve("f"), "x");
        long f = g.lookup(1, "f");
        assertEquals(0, g.fs.link(g.ctx, f, 1, g.name("g"), g.entry()));
        assertEquals(f, g.nodeid());
        assertEquals(2, g.entrySeg.get(JAVA_INT, io.jvirtiod.binding.fuse.FuseEntryOut.OFFSET_ATTR
                + io.jvirtiod.binding.fuse.FuseAttr.OFFSET_NLINK));
        assertEquals(2, fs.inodes().lookups(f), "LINK counts a lookup");
        assertEquals(f, g.lookup(1, "g"));
        assertTrue(Files.isSameFile(share.resolve("f"), share.resolve("g")));
    }

    @ParameterizedTest(name = "file handles {0}")
    @ValueSource(booleans = {true, false})
    void createWriteReadAndTruncate(boolean handles) throws Exception {
        start(handles);
        long fh = g.create(1, "new", FcntlH.O_RDWR, 0640);
        assertTrue(fh > 0, "create: " + fh);
        long node = g.nodeid();
        assertEquals(StatH.S_IFREG | 0640, g.mode());
        assertEquals(11, g.write(fh, 0, "hello world"));
        assertEquals("world", g.read(fh, 6, 100));
        assertEquals(0, g.setattr(node, FuseH.FATTR_SIZE, in -> in.set(JAVA_LONG, FuseSetattrIn.OFFSET_SIZE, 5)));
        assertEquals(5, g.attr.attr().size());
        assertEquals("hello", Files.readString(share.resolve("new")));
        assertEquals(0, g.setattr(node, FuseH.FATTR_MODE, in -> in.set(JAVA_INT, FuseSetattrIn.OFFSET_MODE, 0600)));
        assertEquals(StatH.S_IFREG | 0600, g.attr.attr().mode());
        assertEquals(0, g.fs.release(g.ctx, node, fh, 0, 0, 0));
        assertEquals(0, fs.files().size());
        assertEquals(-Errno.EEXIST, g.fs.create(g.ctx, 1, g.name("new"), FcntlH.O_RDWR | FcntlH.O_EXCL, 0644,
                0, 0, g.entry(), g.open()));
    }

    @Test
    void filesAreCreatedWithTheCallersOwnership() throws Exception {
        start(false);
        Require.root();
        Files.setPosixFilePermissions(share, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        g.as(1234, 5678);
        assertTrue(g.create(1, "mine", FcntlH.O_RDWR, 0600) > 0);
        assertTrue(g.mkdir(1, "dir", 0700) > 0);
        assertTrue(g.symlink(1, "link", "mine") > 0);
        for (String n : new String[] {"mine", "dir", "link"}) {
            Map<String, Object> a = Files.readAttributes(share.resolve(n), "unix:uid,gid",
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            assertEquals(1234, a.get("uid"), n);
            assertEquals(5678, a.get("gid"), n);
        }
        // The caller cannot create where it has no permission, even though the daemon is root.
        Files.setPosixFilePermissions(share, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(-Errno.EACCES, g.create(1, "denied", FcntlH.O_RDWR, 0600));
        assertFalse(Files.exists(share.resolve("denied")));
        g.as(0, 0);
        assertEquals(0, io.jvirtiod.binding.sys.Creds.setfsuid(-1), "the worker thread is root again");
    }

    @ParameterizedTest(name = "file handles {0}")
    @ValueSource(booleans = {true, false})
    void anUnlinkedOpenFileKeepsItsAttributes(boolean handles) throws Exception {
        start(handles);
        long fh = g.create(1, "tmp", FcntlH.O_RDWR, 0644);
        long node = g.nodeid();
        g.write(fh, 0, "abc");
        assertEquals(0, g.fs.unlink(g.ctx, 1, g.name("tmp")));
        assertEquals(0, g.getattr(node));
        assertEquals(3, g.attr.attr().size());
        assertEquals(0, g.setattr(node, FuseH.FATTR_SIZE, in -> in.set(JAVA_LONG, FuseSetattrIn.OFFSET_SIZE, 1)));
        assertEquals(1, g.attr.attr().size());
        assertEquals("a", g.read(fh, 0, 10));
        assertEquals(0, g.fs.getattr(g.ctx, node, FuseH.FUSE_GETATTR_FH, fh, g.attr()));
        assertEquals(1, g.attr.attr().size());
    }

    @Test
    void aReusedInodeNumberGetsANewNodeNotTheDeletedFilesOne() throws Exception {
        start(true);
        Files.writeString(share.resolve("old"), "x");
        long old = g.lookup(1, "old");
        long oldIno = g.entry.attr().ino();
        Files.delete(share.resolve("old")); // behind the kernel's back: it still holds node `old`
        long reused = -1;
        for (int i = 0; i < 200 && reused < 0; i++) {
            Path p = Files.createSymbolicLink(share.resolve("new" + i), Path.of("target"));
            if ((long) Files.getAttribute(p, "unix:ino", java.nio.file.LinkOption.NOFOLLOW_LINKS) == oldIno) reused = i;
        }
        Require.that(reused >= 0, "the host file system did not reuse the inode number in 200 creates");
        long fresh = g.lookup(1, "new" + reused);
        assertNotEquals(old, fresh, "a new file must not inherit the deleted file's node id");
        assertEquals(StatH.S_IFLNK, g.mode() & StatH.S_IFMT);
        assertEquals("target", g.readlink(fresh));
        assertEquals(-Errno.ESTALE, g.getattr(old), "the deleted file's node is stale, not the new file");
    }

    private void startWithDirFdCache(int fds) {
        Require.root(); // open_by_handle_at needs CAP_DAC_READ_SEARCH
        fs = new PassthroughFs(PassthroughConfig.of(share).withDirFdCache(fds));
        g = new Guest(fs);
        assertTrue(fs.usesFileHandles());
    }

    @Test
    void directoriesHoldNoMoreFdsThanTheCacheAndEvictedOnesStillServe() throws Exception {
        startWithDirFdCache(8);
        for (int i = 0; i < 40; i++) Files.createDirectory(share.resolve("d" + i));
        long before = Guest.openFds();
        long[] node = new long[40];
        for (int i = 0; i < 40; i++) node[i] = g.lookup(1, "d" + i);
        assertEquals(8, fs.inodes().cachedFds());
        long more = Guest.openFds() - before;
        assertTrue(more <= 8, "40 directories known, " + more + " fds more held");
        for (int i = 0; i < 40; i++) {
            assertTrue(g.mkdir(node[i], "child", 0755) > 0, "mkdir in d" + i);
            assertEquals(0, g.getattr(node[i]));
        }
        for (int i = 0; i < 40; i++) assertTrue(Files.isDirectory(share.resolve("d" + i + "/child")));
        assertEquals(8, fs.inodes().cachedFds(), "reopened directories take evicted slots, never more");
        assertTrue(Guest.openFds() - before <= 8);
        g.fs.forget(g.ctx, node[39], 1); // d39 was used last, so it is cached
        assertEquals(7, fs.inodes().cachedFds(), "a forgotten directory gives its slot back");
    }

    @Test
    void aRemovedDirectoryKeepsItsFdWhetherItWasCachedOrEvicted() throws Exception {
        startWithDirFdCache(4);
        Files.createDirectory(share.resolve("cached"));
        Files.createDirectory(share.resolve("evicted"));
        long evicted = g.lookup(1, "evicted");
        for (int i = 0; i < 8; i++) {
            Files.createDirectory(share.resolve("o" + i));
            g.lookup(1, "o" + i);
        }
        long cached = g.lookup(1, "cached");
        assertEquals(0, g.fs.rmdir(g.ctx, 1, g.name("cached")));
        assertEquals(0, g.fs.rmdir(g.ctx, 1, g.name("evicted")));
        // Fill the cache again: neither removed directory may lose its fd now, as no handle reopens it.
        for (int i = 0; i < 8; i++) g.lookup(1, "o" + i);
        for (long n : new long[] {cached, evicted}) {
            assertEquals(0, g.getattr(n), "a removed directory the kernel still knows (a cwd) answers GETATTR");
            assertEquals(0, g.attr.attr().nlink());
        }
    }

    @Test
    void withNoDirectoryFdCacheEveryDirectoryIsReopenedFromItsHandle() throws Exception {
        startWithDirFdCache(0);
        Files.createDirectories(share.resolve("a/b/c"));
        long c = g.walk("a/b/c");
        assertTrue(c > 0);
        assertTrue(g.create(c, "f", FcntlH.O_RDWR, 0644) > 0);
        assertEquals(0, fs.inodes().cachedFds());
        assertTrue(Files.exists(share.resolve("a/b/c/f")));
    }

    @Test
    void renameHonoursNoReplaceAndExchange() throws Exception {
        start(true);
        Files.writeString(share.resolve("a"), "A");
        Files.writeString(share.resolve("b"), "B");
        assertEquals(-Errno.EEXIST, g.fs.rename(g.ctx, 1, g.name("a"), 1, g.name("b"), RenameH.RENAME_NOREPLACE));
        assertEquals(0, g.fs.rename(g.ctx, 1, g.name("a"), 1, g.name("b"), RenameH.RENAME_EXCHANGE));
        assertEquals("B", Files.readString(share.resolve("a")));
        assertEquals(0, g.fs.rename(g.ctx, 1, g.name("a"), 1, g.name("b"), 0));
        assertEquals("B", Files.readString(share.resolve("b")));
        assertEquals(-Errno.EINVAL, g.fs.rename(g.ctx, 1, g.name("b"), 1, g.name("c"), 0x100));
    }

    @Test
    void readdirCookiesResumeExactlyAndPlusCountsOneLookupPerEntry() throws Exception {
        start(true);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 700; i++) {
            String n = "entry-with-a-longish-name-" + i;
            Files.writeString(share.resolve(n), "");
            names.add(n);
        }
        assertEquals(0, g.fs.opendir(g.ctx, 1, 0, g.open()));
        long fh = g.open.fh();
        Map<String, Long> seen = new HashMap<>();
        long offset = 0;
        int calls = 0;
        while (true) {
            List<Guest.Dirent> batch = g.readdir(fh, offset, 4096, true);
            if (batch.isEmpty()) break;
            calls++;
            for (Guest.Dirent d : batch) {
                assertFalse(seen.containsKey(d.name()), "listed twice: " + d.name());
                seen.put(d.name(), d.nodeid());
                offset = d.off();
            }
        }
        assertTrue(calls > 10, "4 KiB replies need many calls, got " + calls);
        assertEquals(names.size() + 2, seen.size());
        assertEquals(0L, seen.get("."));
        assertEquals(0L, seen.get(".."));
        for (String n : names) {
            long node = seen.get(n);
            assertTrue(node > 1);
            assertEquals(1, fs.inodes().lookups(node), n);
        }
        assertEquals(names.size() + 1, fs.inodes().size());
        assertEquals(0, g.fs.releasedir(g.ctx, 1, fh, 0));
    }

    @Test
    void posixLocksOfDifferentOwnersConflictAndFlushDropsThem() throws Exception {
        start(true);
        long fh = g.create(1, "locked", FcntlH.O_RDWR, 0644);
        long fh2 = g.openFile(g.nodeid(), FcntlH.O_RDWR);
        assertEquals(0, g.fs.setlk(g.ctx, 0, g.lock(fh, 1, 0, 99, LockH.F_WRLCK, false), false));
        assertEquals(0, g.fs.setlk(g.ctx, 0, g.lock(fh, 1, 50, 150, LockH.F_WRLCK, false), false),
                "an owner's own locks never conflict");
        assertEquals(-Errno.EAGAIN, g.fs.setlk(g.ctx, 0, g.lock(fh2, 2, 10, 10, LockH.F_RDLCK, false), false));
        long[] l = g.getlk(g.lock(fh2, 2, 0, Long.MAX_VALUE, LockH.F_WRLCK, false));
        assertEquals(LockH.F_WRLCK, l[0]);
        assertEquals(0, l[1]);
        assertEquals(150, l[2]);
        assertEquals(0, g.fs.flush(g.ctx, 0, fh, 1));
        assertEquals(0, g.fs.setlk(g.ctx, 0, g.lock(fh2, 2, 10, 10, LockH.F_RDLCK, false), false));
        assertEquals(LockH.F_UNLCK, g.getlk(g.lock(fh, 3, 0, 5, LockH.F_RDLCK, false))[0]);
        // flock locks are per open file.
        assertEquals(0, g.fs.setlk(g.ctx, 0, g.lock(fh, 0, 0, 0, LockH.F_WRLCK, true), false));
        assertEquals(-Errno.EAGAIN, g.fs.setlk(g.ctx, 0, g.lock(fh2, 0, 0, 0, LockH.F_RDLCK, true), false));
        assertEquals(0, g.fs.release(g.ctx, 0, fh, 0, FuseH.FUSE_RELEASE_FLOCK_UNLOCK, 0));
        assertEquals(0, g.fs.setlk(g.ctx, 0, g.lock(fh2, 0, 0, 0, LockH.F_RDLCK, true), false));
    }

    @Test
    void xattrsWorkOnFilesAndTheSizeQueryReportsTheLength() throws Exception {
        start(true);
        Files.writeString(share.resolve("x"), "");
        long node = g.lookup(1, "x");
        var v = g.arena.allocateFrom("value");
        assertEquals(0, g.fs.setxattr(g.ctx, node, g.name("user.k"), v, 0, 5, 0, 0));
        var buf = g.arena.allocate(64);
        assertEquals(5, g.fs.getxattr(g.ctx, node, g.name("user.k"), new io.jvirtiod.fs.protocol.ByteSink().wrap(buf, 0, 0)));
        assertEquals(5, g.fs.getxattr(g.ctx, node, g.name("user.k"), new io.jvirtiod.fs.protocol.ByteSink().wrap(buf, 0, 64)));
        assertEquals(-Errno.ERANGE, g.fs.getxattr(g.ctx, node, g.name("user.k"), new io.jvirtiod.fs.protocol.ByteSink().wrap(buf, 0, 2)));
        assertEquals(7, g.fs.listxattr(g.ctx, node, new io.jvirtiod.fs.protocol.ByteSink().wrap(buf, 0, 64)));
        assertEquals(0, g.fs.removexattr(g.ctx, node, g.name("user.k")));
        assertEquals(-Errno.ENODATA, g.fs.getxattr(g.ctx, node, g.name("user.k"), new io.jvirtiod.fs.protocol.ByteSink().wrap(buf, 0, 64)));
    }

    @Test
    void tmpfileIsOpenUnnamedAndCanBeLinkedIn() throws Exception {
        start(true);
        int r = g.fs.tmpfile(g.ctx, 1, FcntlH.O_RDWR, 0600, 0, 0, g.entry(), g.open());
        assertEquals(0, r);
        long node = g.nodeid();
        long fh = g.open.fh();
        assertEquals(4, g.write(fh, 0, "temp"));
        try (var list = Files.list(share)) {
            assertEquals(0, list.count());
        }
        assertEquals(0, g.fs.link(g.ctx, node, 1, g.name("named"), g.entry()));
        assertEquals("temp", Files.readString(share.resolve("named")));
    }

    @Test
    void initAsksForFlockLocksAndReaddirplusAndPosixLocksAndPassthroughOnlyWhenConfigured() {
        start(true);
        io.jvirtiod.fs.InitConfig init = new io.jvirtiod.fs.InitConfig(7, 45, -1L, 1 << 20, 0, 1 << 20, 256,
                16, 12, 1, null, null);
        assertEquals(0, fs.init(g.ctx, init));
        assertTrue(init.enabled(FuseH.FUSE_FLOCK_LOCKS | FuseH.FUSE_DO_READDIRPLUS));
        assertFalse(init.enabled(FuseH.FUSE_POSIX_LOCKS), "fcntl locks stay in the mounting kernel by default");
        assertFalse(init.enabled(FuseH.FUSE_PASSTHROUGH));
        assertFalse(init.enabled(FuseH.FUSE_WRITEBACK_CACHE));
        assertFalse(init.enabled(FuseH.FUSE_DONT_MASK));

        g.close();
        fs.close();
        fs = new PassthroughFs(PassthroughConfig.of(share).withPosixLocks(true));
        g = new Guest(fs);
        init = new io.jvirtiod.fs.InitConfig(7, 45, -1L, 1 << 20, 0, 1 << 20, 256, 16, 12, 1, null, null);
        assertEquals(0, fs.init(g.ctx, init));
        assertTrue(init.enabled(FuseH.FUSE_POSIX_LOCKS | FuseH.FUSE_FLOCK_LOCKS));
    }

    @Test
    void filesOpenWithoutFlushUnlessPosixLocksAreServedHere() throws Exception {
        Files.writeString(share.resolve("f"), "x");
        for (boolean posixLocks : new boolean[] {false, true}) {
            fs = new PassthroughFs(PassthroughConfig.of(share).withPosixLocks(posixLocks));
            g = new Guest(fs);
            assertEquals(0, fs.init(g.ctx, new io.jvirtiod.fs.InitConfig(7, 45, -1L, 1 << 20, 0, 1 << 20, 256,
                    16, 12, 1, null, null)));
            long node = g.lookup(1, "f");
            assertTrue(g.openFile(node, FcntlH.O_RDONLY) > 0);
            // FLUSH only drops the closing owner's POSIX locks: without them here, a close(2) need not ask us
            assertEquals(posixLocks ? 0 : FuseH.FOPEN_NOFLUSH, g.open.openFlags() & FuseH.FOPEN_NOFLUSH);
            assertTrue(g.create(1, "c" + posixLocks, FcntlH.O_WRONLY, 0644) > 0);
            assertEquals(posixLocks ? 0 : FuseH.FOPEN_NOFLUSH, g.open.openFlags() & FuseH.FOPEN_NOFLUSH);
            g.close();
            fs.close();
        }
        g = null;
        fs = null;
    }
    @Test
    void passthroughOpensShareOneBackingAndODirectOnesAreServedByTheDaemon() throws Exception {
        Require.root(); // file handles
        fs = new PassthroughFs(PassthroughConfig.of(share).withCache(CacheMode.ALWAYS).withPassthrough(true));
        g = new Guest(fs);
        List<Integer> registered = new java.util.ArrayList<>();
        io.jvirtiod.fs.BackingFiles backing = new io.jvirtiod.fs.BackingFiles() {
            @Override
            public int open(int fd) {
                registered.add(fd);
                return 7;
            }

            @Override
            public int close(int backingId) {
                return 0;
            }
        };
        io.jvirtiod.fs.InitConfig init = new io.jvirtiod.fs.InitConfig(7, 45, -1L, 1 << 20, 0, 1 << 20, 256,
                16, 12, 1, backing, null);
        assertEquals(0, fs.init(g.ctx, init));
        assertTrue(fs.passthroughActive());
        Files.writeString(share.resolve("f"), "x");
        long node = g.lookup(1, "f");
        assertTrue(g.openFile(node, FcntlH.O_RDONLY) > 0);
        // no FOPEN_KEEP_CACHE beside FOPEN_PASSTHROUGH, although cache always asks for it: the kernel refuses that
        assertEquals(FuseH.FOPEN_PASSTHROUGH | FuseH.FOPEN_NOFLUSH, g.open.openFlags());
        assertTrue(g.openFile(node, FcntlH.O_RDWR | FcntlH.O_DIRECT) > 0);
        assertEquals(FuseH.FOPEN_PASSTHROUGH | FuseH.FOPEN_DIRECT_IO | FuseH.FOPEN_NOFLUSH, g.open.openFlags());
        assertEquals(1, registered.size(), "one backing file per inode, registered at its first open");
    }

    /** A SETLKW waiting for a held lock ends when the transport stops its worker (the thread is interrupted). */
    @Test
    void aLockWaitEndsWithEINTRWhenItsWorkerIsInterrupted() throws Exception {
        fs = new PassthroughFs(PassthroughConfig.of(share).withPosixLocks(true));
        g = new Guest(fs);
        long fh = g.create(1, "locked", FcntlH.O_RDWR, 0644);
        long fh2 = g.openFile(g.nodeid(), FcntlH.O_RDWR);
        assertEquals(0, g.fs.setlk(g.ctx, 0, g.lock(fh, 1, 0, 99, LockH.F_WRLCK, false), false));
        LockIn wanted = g.lock(fh2, 2, 0, 99, LockH.F_WRLCK, false);
        AtomicInteger result = new AtomicInteger(1);
        Thread worker = Thread.ofPlatform().daemon().start(() -> result.set(g.fs.setlk(g.ctx, 0, wanted, true)));
        for (int i = 0; i < 500 && worker.getState() != Thread.State.TIMED_WAITING; i++) Thread.sleep(10);
        Thread.sleep(50);
        assertEquals(1, result.get(), "still waiting for the lock");
        worker.interrupt(); // as VringWorker.stop and QueueWorker.stop do
        worker.join(5000);
        assertFalse(worker.isAlive(), "the wait ended");
        assertEquals(-Errno.EINTR, result.get());
    }

    /** {@code --inode-limit}: past N inodes held by the kernel, whatever would add one more is answered ENFILE. */
    @Test
    void pastTheInodeLimitLookupsAndCreatesAreAnsweredENFILEUntilTheKernelForgets() throws Exception {
        for (String n : new String[] {"a", "b", "c"}) Files.writeString(share.resolve(n), n);
        fs = new PassthroughFs(PassthroughConfig.of(share).withInodeLimit(3)); // the root and two more
        g = new Guest(fs);
        long a = g.lookup(1, "a");
        assertTrue(g.lookup(1, "b") > 1);
        assertEquals(3, fs.inodes().size());
        assertEquals(-Errno.ENFILE, g.lookup(1, "c"));
        assertEquals(a, g.lookup(1, "a"), "an inode already held is still found");
        assertEquals(-Errno.ENFILE, g.create(1, "new", FcntlH.O_RDWR, 0644));
        assertEquals(-Errno.ENFILE, g.mkdir(1, "dir", 0755));
        assertEquals(-Errno.ENFILE, g.symlink(1, "link", "a"));
        assertFalse(Files.exists(share.resolve("new")), "refused before anything was made on the host");
        assertFalse(Files.exists(share.resolve("dir")));
        assertEquals(3, fs.inodes().size(), "the table did not grow");
        g.fs.forget(g.ctx, a, 2);
        assertTrue(g.lookup(1, "c") > 1, "a forgotten inode makes room");
    }

    @Test
    void theInodeLimitIsUnboundedByDefaultAndAtLeastTheRoot() {
        assertEquals(PassthroughConfig.UNLIMITED_INODES, PassthroughConfig.of(share).inodeLimit());
        assertThrows(IllegalArgumentException.class, () -> PassthroughConfig.of(share).withInodeLimit(0));
    }
}
