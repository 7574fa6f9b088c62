package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.sys.Dirent64;
import io.jvirtiod.binding.sys.Dirents;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.FcntlH;
import io.jvirtiod.binding.sys.FileData;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.FileStat;
import io.jvirtiod.binding.sys.Flock;
import io.jvirtiod.binding.sys.LockH;
import io.jvirtiod.binding.sys.Locks;
import io.jvirtiod.binding.sys.PathOps;
import io.jvirtiod.binding.sys.RenameH;
import io.jvirtiod.binding.sys.SeekH;
import io.jvirtiod.binding.sys.Stat;
import io.jvirtiod.binding.sys.Xattr;
import io.jvirtiod.binding.sys.XattrH;
import io.jvirtiod.fs.fuse.FuseMount;
import io.jvirtiod.fs.fuse.FuseMountOptions;
import io.jvirtiod.fs.fuse.FuseServer;
import io.jvirtiod.testsupport.Require;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * POSIX behaviour through a real /dev/fuse mount of the passthrough file system: what applications see, checked
 * both through the mount and on the backing directory. Needs root and /dev/fuse (skips locally otherwise, fails
 * under CI).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MountedPosixTest {
    Path tmp;
    Path share;
    Path mnt;
    PassthroughFs fs;
    FuseMount mount;
    FuseServer server;

    @BeforeAll
    void mount() throws IOException {
        FuseMount.require();
        tmp = Files.createTempDirectory("jvirtiod-posix");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x")); // other users run tests too
        share = Files.createDirectory(tmp.resolve("share"));
        mnt = Files.createDirectory(tmp.resolve("mnt"));
        Files.setPosixFilePermissions(share, PosixFilePermissions.fromString("rwxrwxrwx"));
        beforeMount();
        fs = new PassthroughFs(config(share));
        mount = FuseMount.mount(fs, mnt, options());
        server = mount.server();
    }

    @AfterAll
    void unmount() throws IOException {
        try {
            if (mount != null) mount.close();
            if (tmp != null) {
                try (Stream<Path> all = Files.walk(tmp)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                }
            }
        } finally {
            afterUnmount();
        }
    }

    /**
     * Directory fds cached by the suites: far fewer than the directories they make, so every test also runs with
     * directories evicted from the cache and reopened from their handles.
     */
    static final int SMALL_DIR_FD_CACHE = 16;

    /** fcntl locks served by the daemon (--posix-locks), so that the lock tests exercise them on a real mount. */
    PassthroughConfig config(Path shared) {
        return PassthroughConfig.of(shared).withPosixLocks(true).withDirFdCache(SMALL_DIR_FD_CACHE);
    }

    FuseMountOptions options() {
        return FuseMountOptions.defaults().withWorkers(4);
    }

    /** True if locks taken through the mount are taken on the shared directory's files (not only in the kernel). */
    boolean locksReachTheSharedDirectory() {
        return true;
    }

    void beforeMount() throws IOException {
    }

    void afterUnmount() throws IOException {
    }

    private Path dir(String name) throws IOException {
        return Files.createDirectory(mnt.resolve(name));
    }

    /** Runs a shell command as uid/gid 1000 (setpriv), returning its exit status. */
    private static int asUser(String command) throws Exception {
        Process p = new ProcessBuilder("setpriv", "--reuid=1000", "--regid=1000", "--clear-groups", "sh", "-c", command)
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    private static void chmod(String mode, Path p) throws Exception {
        assertEquals(0, new ProcessBuilder("chmod", mode, p.toString()).start().waitFor());
    }

    @Test
    void aMemberOfADirectorysGroupCreatesThereWithThatGroupAsItsOnlySupplementaryOne() throws Exception {
        Require.command("setpriv", "util-linux");
        // FUSE_CREATE_SUPP_GROUP: the kernel sends the directory's group with the create, as the caller has it
        Path d = dir("team");
        Files.setAttribute(d, "unix:gid", 4242);
        chmod("770", d);
        String create = "touch " + d + "/f && mkdir " + d + "/sub && ln -s f " + d + "/link";
        Process p = new ProcessBuilder("setpriv", "--reuid=1000", "--regid=1000", "--groups=4242", "sh", "-c",
                create).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "a member of group 4242 creates in its 0770 directory: " + out);
        assertEquals(1000, Files.getAttribute(share.resolve("team/f"), "unix:uid"));
        assertEquals(1000, Files.getAttribute(share.resolve("team/sub"), "unix:gid"));
        assertTrue(asUser("touch " + d + "/g") != 0, "a non-member does not");
    }

    @Test
    void filesCreatedByAUserAreOwnedByThatUserAndPermissionsAreEnforced() throws Exception {
        Require.command("setpriv", "util-linux");
        Path d = dir("perm");
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals(0, asUser("echo mine > " + d + "/mine && mkdir " + d + "/mydir && chmod 600 " + d + "/mine"));
        Path backing = share.resolve("perm/mine");
        assertEquals(1000, Files.getAttribute(backing, "unix:uid"));
        assertEquals(1000, Files.getAttribute(backing, "unix:gid"));
        assertEquals(1000, Files.getAttribute(share.resolve("perm/mydir"), "unix:uid"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(backing)));
        Files.writeString(d.resolve("roots"), "root only");
        Files.setPosixFilePermissions(d.resolve("roots"), PosixFilePermissions.fromString("rw-------"));
        assertTrue(asUser("cat " + d + "/roots") != 0, "a user must not read root's 0600 file");
        assertTrue(asUser("echo x >> " + d + "/roots") != 0, "nor write it");
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertTrue(asUser("touch " + d + "/denied") != 0, "no creating in a 0755 root-owned directory");
        assertFalse(Files.exists(share.resolve("perm/denied")));
        Files.setAttribute(d.resolve("roots"), "unix:uid", 1234);
        assertEquals(1234, Files.getAttribute(share.resolve("perm/roots"), "unix:uid"));
        chmod("4755", d.resolve("roots"));
        assertEquals(04755, (int) Files.getAttribute(share.resolve("perm/roots"), "unix:mode") & 07777);
        // A write by another user clears set-user-id (the kernel asks with FUSE_WRITE_KILL_SUIDGID).
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxrwxrwx"));
        chmod("4777", d.resolve("roots"));
        assertEquals(0, asUser("echo more >> " + d + "/roots"));
        assertEquals(0, (int) Files.getAttribute(share.resolve("perm/roots"), "unix:mode") & 04000,
                "set-user-id survives a write by another user");
    }

    @Test
    void renameReplacesAndRenameat2HonoursExchangeAndNoReplace() throws Exception {
        Path d = dir("rename");
        Files.writeString(d.resolve("a"), "A");
        Files.writeString(d.resolve("b"), "B");
        PathOps.renameat2(FcntlH.AT_FDCWD, d.resolve("a").toString(), FcntlH.AT_FDCWD, d.resolve("b").toString(),
                RenameH.RENAME_EXCHANGE);
        assertEquals("B", Files.readString(d.resolve("a")));
        assertEquals("A", Files.readString(d.resolve("b")));
        try (Arena a = Arena.ofConfined()) {
            assertEquals(-Errno.EEXIST, PathOps.renameat2Raw(FcntlH.AT_FDCWD, a.allocateFrom(d.resolve("a").toString()),
                    FcntlH.AT_FDCWD, a.allocateFrom(d.resolve("b").toString()), RenameH.RENAME_NOREPLACE));
        }
        Files.move(d.resolve("a"), d.resolve("b"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals("B", Files.readString(share.resolve("rename/b")));
        assertFalse(Files.exists(d.resolve("a")));
        Files.createDirectory(d.resolve("sub"));
        Files.writeString(d.resolve("sub/f"), "x");
        Files.move(d.resolve("sub"), d.resolve("moved"));
        assertEquals("x", Files.readString(d.resolve("moved/f")));
        assertThrows(DirectoryNotEmptyException.class, () -> Files.delete(d.resolve("moved")));
    }

    @Test
    void hardLinksShareDataAndLinkCount() throws Exception {
        Path d = dir("links");
        Files.writeString(d.resolve("f"), "one");
        Files.createLink(d.resolve("g"), d.resolve("f"));
        assertEquals(2, Files.getAttribute(d.resolve("f"), "unix:nlink"));
        assertEquals(Files.getAttribute(d.resolve("f"), "unix:ino"), Files.getAttribute(d.resolve("g"), "unix:ino"));
        Files.writeString(d.resolve("g"), "two");
        assertEquals("two", Files.readString(d.resolve("f")));
        Files.delete(d.resolve("f"));
        assertEquals(1, Files.getAttribute(d.resolve("g"), "unix:nlink"));
        Files.createSymbolicLink(d.resolve("sym"), Path.of("g"));
        assertEquals(Path.of("g"), Files.readSymbolicLink(d.resolve("sym")));
        assertEquals("two", Files.readString(d.resolve("sym")));
    }

    @Test
    void sparseFilesKeepTheirHolesAndSeekDataFindsTheData() throws Exception {
        Path f = dir("sparse").resolve("f");
        int fd = FileIo.open(f.toString(), FcntlH.O_RDWR | FcntlH.O_CREAT | FcntlH.O_CLOEXEC, 0644);
        try (Arena a = Arena.ofConfined()) {
            FileData.ftruncate(fd, 16 << 20);
            FileIo.pwrite(fd, a.allocate(4096).fill((byte) 7), 8 << 20);
            FileData.fsync(fd);
            assertEquals(8 << 20, FileData.lseek(fd, 0, SeekH.SEEK_DATA));
            assertEquals((8 << 20) + 4096, FileData.lseek(fd, 8 << 20, SeekH.SEEK_HOLE));
            assertEquals(-Errno.ENXIO, FileData.lseekRaw(fd, (8 << 20) + 4096, SeekH.SEEK_DATA));
            MemorySegment st = a.allocate(Stat.LAYOUT);
            FileStat.fstat(fd, st);
            assertEquals(16 << 20, Stat.size(st));
            assertTrue(Stat.blocks(st) <= 64, "a 16 MiB file with 4 KiB of data stays sparse: " + Stat.blocks(st));
            assertEquals(0, FileData.fallocateRaw(fd, io.jvirtiod.binding.sys.FallocH.FALLOC_FL_PUNCH_HOLE
                    | io.jvirtiod.binding.sys.FallocH.FALLOC_FL_KEEP_SIZE, 8 << 20, 4096));
            assertEquals(-Errno.ENXIO, FileData.lseekRaw(fd, 0, SeekH.SEEK_DATA));
        } finally {
            FileIo.close(fd);
        }
    }

    @Test
    void appendAndTruncateFlagsBehave() throws Exception {
        Path f = dir("flags").resolve("log");
        Files.writeString(f, "one\n");
        Files.writeString(f, "two\n", StandardOpenOption.APPEND);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap("three\n".getBytes()));
        }
        assertEquals("one\ntwo\nthree\n", Files.readString(f));
        Files.writeString(f, "new", StandardOpenOption.TRUNCATE_EXISTING);
        assertEquals("new", Files.readString(share.resolve("flags/log")));
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(1);
        }
        assertEquals("n", Files.readString(f));
    }

    @Test
    void anUnlinkedFileStaysUsableThroughItsOpenDescriptor() throws Exception {
        Path f = dir("unlinked").resolve("f");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap("before".getBytes()));
            Files.delete(f);
            assertFalse(Files.exists(f));
            ch.write(ByteBuffer.wrap(" after".getBytes()));
            assertEquals(12, ch.size());
            ch.truncate(6);
            assertEquals(6, ch.size());
            ByteBuffer b = ByteBuffer.allocate(20);
            assertEquals(6, ch.read(b, 0));
            assertEquals("before", new String(b.array(), 0, 6));
        }
        try (Stream<Path> s = Files.list(share.resolve("unlinked"))) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void aLargeDirectoryListsEveryEntryOnceAndOffsetsStayStable() throws Exception {
        Path d = dir("large");
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            String n = "file-" + i;
            Files.createFile(share.resolve("large").resolve(n));
            expected.add(n);
        }
        try (Stream<Path> s = Files.list(d)) {
            assertEquals(expected, new HashSet<>(s.map(p -> p.getFileName().toString()).toList()));
        }
        int fd = FileIo.open(d.toString(), FcntlH.O_RDONLY | FcntlH.O_DIRECTORY | FcntlH.O_CLOEXEC, 0);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(1024);
            List<String> order = new ArrayList<>();
            Map<String, Long> cookie = new HashMap<>();
            long n;
            while ((n = Dirents.getdents64(fd, buf)) > 0) {
                for (long at = 0; at < n; at += Dirent64.reclen(buf, at)) {
                    String name = new String(buf.asSlice(at + Dirent64.OFFSET_D_NAME, Dirent64.nameLength(buf, at))
                            .toArray(JAVA_BYTE), StandardCharsets.UTF_8);
                    order.add(name);
                    cookie.put(name, Dirent64.off(buf, at));
                }
            }
            assertEquals(5002, order.size());
            assertEquals(5002, new HashSet<>(order).size(), "no entry listed twice");
            // Delete entries before a cookie, then resume there: exactly the entries after it follow.
            int mid = 2500;
            for (int i = 2; i < mid; i += 7) Files.delete(share.resolve("large").resolve(order.get(i)));
            FileData.lseek(fd, cookie.get(order.get(mid)), SeekH.SEEK_SET);
            List<String> rest = new ArrayList<>();
            while ((n = Dirents.getdents64(fd, buf)) > 0) {
                for (long at = 0; at < n; at += Dirent64.reclen(buf, at)) {
                    rest.add(new String(buf.asSlice(at + Dirent64.OFFSET_D_NAME, Dirent64.nameLength(buf, at))
                            .toArray(JAVA_BYTE), StandardCharsets.UTF_8));
                }
            }
            assertEquals(order.subList(mid + 1, order.size()), rest);
        } finally {
            FileIo.close(fd);
        }
    }

    @Test
    void extendedAttributesRoundTrip() throws Exception {
        Path f = dir("xattr").resolve("f");
        Files.writeString(f, "x");
        int fd = FileIo.open(f.toString(), FcntlH.O_RDONLY | FcntlH.O_CLOEXEC, 0);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment name = a.allocateFrom("user.test");
            assertEquals(0, Xattr.fsetxattrRaw(fd, name, a.allocateFrom("v1"), XattrH.XATTR_CREATE));
            assertEquals(-Errno.EEXIST, Xattr.fsetxattrRaw(fd, name, a.allocateFrom("v2"), XattrH.XATTR_CREATE));
            MemorySegment val = a.allocate(16);
            assertEquals(3, Xattr.fgetxattrRaw(fd, name, val));
            assertEquals("v1", val.getString(0));
            assertEquals(10, Xattr.flistxattrRaw(fd, a.allocate(64)));
            var view = Files.getFileAttributeView(share.resolve("xattr/f"),
                    java.nio.file.attribute.UserDefinedFileAttributeView.class);
            assertEquals(List.of("test"), view.list());
            assertEquals(0, Xattr.fremovexattrRaw(fd, name));
            assertEquals(-Errno.ENODATA, Xattr.fgetxattrRaw(fd, name, val));
        } finally {
            FileIo.close(fd);
        }
    }

    @Test
    void fcntlAndFlockLocksConflictAcrossOpenFiles() throws Exception {
        Path f = dir("locks").resolve("f");
        Files.write(f, new byte[100]);
        int one = FileIo.open(f.toString(), FcntlH.O_RDWR | FcntlH.O_CLOEXEC, 0);
        int two = FileIo.open(f.toString(), FcntlH.O_RDWR | FcntlH.O_CLOEXEC, 0);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fl = a.allocate(Flock.LAYOUT);
            Flock.set(fl, LockH.F_WRLCK, SeekH.SEEK_SET, 0, 50);
            assertEquals(0, Locks.ofdLockRaw(one, LockH.F_OFD_SETLK, fl));
            Flock.set(fl, LockH.F_WRLCK, SeekH.SEEK_SET, 10, 1);
            assertEquals(-Errno.EAGAIN, Locks.ofdLockRaw(two, LockH.F_OFD_SETLK, fl));
            // served on the shared directory's file: a process working there directly sees the lock too (or, with
            // locks left to the mounting kernel, does not)
            int direct = FileIo.open(share.resolve("locks/f").toString(), FcntlH.O_RDWR | FcntlH.O_CLOEXEC, 0);
            try {
                Flock.set(fl, LockH.F_WRLCK, SeekH.SEEK_SET, 10, 1);
                assertEquals(0, Locks.ofdLockRaw(direct, LockH.F_OFD_GETLK, fl));
                assertEquals(locksReachTheSharedDirectory() ? LockH.F_WRLCK : LockH.F_UNLCK, Flock.type(fl),
                        "the lock taken through the mount, as the host file shows it");
            } finally {
                FileIo.close(direct);
            }
            Flock.set(fl, LockH.F_RDLCK, SeekH.SEEK_SET, 60, 10);
            assertEquals(0, Locks.ofdLockRaw(two, LockH.F_OFD_SETLK, fl), "disjoint ranges do not conflict");
            Flock.set(fl, LockH.F_UNLCK, SeekH.SEEK_SET, 0, 0);
            assertEquals(0, Locks.ofdLockRaw(one, LockH.F_OFD_SETLK, fl));
            Flock.set(fl, LockH.F_WRLCK, SeekH.SEEK_SET, 10, 1);
            assertEquals(0, Locks.ofdLockRaw(two, LockH.F_OFD_SETLK, fl));

            assertEquals(0, Locks.flockRaw(one, LockH.LOCK_EX | LockH.LOCK_NB));
            assertEquals(-Errno.EAGAIN, Locks.flockRaw(two, LockH.LOCK_SH | LockH.LOCK_NB));
            assertEquals(0, Locks.flockRaw(one, LockH.LOCK_UN));
            assertEquals(0, Locks.flockRaw(two, LockH.LOCK_SH | LockH.LOCK_NB));
        } finally {
            FileIo.close(one);
            FileIo.close(two);
        }
        // Across processes, as applications use them: flock(1) holds while another tries.
        Process holder = new ProcessBuilder("flock", "-x", f.toString(), "sleep", "3").start();
        Thread.sleep(500);
        Process tryer = new ProcessBuilder("flock", "-n", "-x", f.toString(), "true").start();
        assertEquals(1, tryer.waitFor(), "flock -n must fail while another process holds the lock");
        assertEquals(0, holder.waitFor());
    }

    @Test
    void mmapWritesReachTheFileAndReadsSeeIt() throws Exception {
        Path f = dir("mmap").resolve("f");
        Files.write(f, new byte[8192]);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, 8192);
            m.put(4096, "mapped".getBytes());
            m.force();
        }
        byte[] all = Files.readAllBytes(share.resolve("mmap/f"));
        assertArrayEquals("mapped".getBytes(), java.util.Arrays.copyOfRange(all, 4096, 4102));
        Files.write(share.resolve("mmap/g"), "from the host".getBytes());
        try (FileChannel ch = FileChannel.open(mnt.resolve("mmap/g"), StandardOpenOption.READ)) {
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            byte[] b = new byte[(int) ch.size()];
            m.get(b);
            assertEquals("from the host", new String(b));
        }
    }

    @Test
    void attributesAndTimesRoundTrip() throws Exception {
        Path f = dir("attrs").resolve("f");
        Files.writeString(f, "x");
        java.nio.file.attribute.FileTime t = java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(f, t);
        assertEquals(t, Files.getLastModifiedTime(share.resolve("attrs/f")));
        assertEquals(t, Files.getLastModifiedTime(f));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r-----"));
        assertEquals("r--r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(share.resolve("attrs/f"))));
        Files.createDirectories(mnt.resolve("attrs/a/b/c"));
        assertTrue(Files.isDirectory(share.resolve("attrs/a/b/c")));
        assertTrue(Files.getFileStore(mnt).getTotalSpace() > 0);
        assertTrue(Files.isSymbolicLink(Files.createSymbolicLink(mnt.resolve("attrs/l"), Path.of("/etc/hostname"))));
        assertFalse(Files.exists(mnt.resolve("attrs/l/x"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void moreDirectoriesThanTheFdCacheServeConcurrentCreatesWithBoundedFds() throws Exception {
        int dirs = 12 * SMALL_DIR_FD_CACHE;
        Path top = dir("fdcache");
        // made on the host, so the kernel learns them (LOOKUP) while the writers run, not before fds are counted
        for (int d = 0; d < dirs; d++) Files.createDirectory(share.resolve("fdcache/d" + d));
        long fdsBefore = Guest.openFds();
        int[] strides = {1, 5, 7, 11}; // prime to the number of directories: each writer visits every one
        int writers = strides.length;
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int w = 0; w < writers; w++) {
            int me = w;
            // each writer visits the directories in its own order, so they evict each other's entries
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int k = 0; k < dirs; k++) {
                        int d = (k * strides[me] + me * 7) % dirs;
                        Files.writeString(top.resolve("d" + d + "/w" + me), "d" + d + " w" + me);
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        for (Thread t : threads) t.join();
        assertTrue(failures.isEmpty(), () -> "writers failed: " + failures);
        for (int d = 0; d < dirs; d++) {
            for (int w = 0; w < writers; w++) {
                assertEquals("d" + d + " w" + w, Files.readString(share.resolve("fdcache/d" + d + "/w" + w)));
            }
        }
        assertTrue(fs.inodes().cachedFds() <= SMALL_DIR_FD_CACHE, "cached " + fs.inodes().cachedFds());
        long fdsAfter = Guest.openFds();
        // The server runs in this JVM: its fds are ours. None stay open per directory beyond the cache.
        assertTrue(fdsAfter - fdsBefore <= SMALL_DIR_FD_CACHE,
                dirs + " directories known to the kernel; fds went from " + fdsBefore + " to " + fdsAfter);
    }
}
