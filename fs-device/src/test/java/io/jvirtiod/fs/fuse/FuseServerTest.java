package io.jvirtiod.fs.fuse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The /dev/fuse transport on a real mount, with a tiny in-memory file system. Needs root and /dev/fuse. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FuseServerTest {
    @TempDir
    Path tmp;
    Path mnt;
    HelloFileSystem fs;
    FuseMount mount;
    FuseServer server;

    @BeforeEach
    void mount() throws IOException {
        FuseMount.require();
        mnt = Files.createDirectory(tmp.resolve("mnt"));
        fs = new HelloFileSystem();
        mount = FuseMount.mount(fs, mnt, FuseMountOptions.defaults().withWorkers(3));
        server = mount.server();
    }

    @AfterEach
    void unmount() throws IOException {
        if (mount != null) mount.close();
    }

    @Test
    void theTreeIsVisibleThroughTheKernel() throws IOException {
        assertTrue(Files.isDirectory(mnt));
        try (Stream<Path> list = Files.list(mnt)) {
            assertEquals(List.of("dir", "hello", "link", "scratch"),
                    list.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals("Hello, world!\n", Files.readString(mnt.resolve("hello")));
        assertEquals(14L, Files.size(mnt.resolve("hello")));
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(mnt.resolve("hello"))));
        assertTrue(Files.isDirectory(mnt.resolve("dir")));
        assertEquals(Path.of("hello"), Files.readSymbolicLink(mnt.resolve("link")));
        assertThrows(NoSuchFileException.class, () -> Files.size(mnt.resolve("missing")));
        assertTrue(fs.reads.get() > 0, "the content came from the file system");
        assertTrue(Files.getFileStore(mnt).getTotalSpace() > 0);
    }

    @Test
    void theMountIsListedAsFuseJvirtiod() throws IOException {
        String line = Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                .filter(l -> l.split(" ")[1].equals(mnt.toString())).findFirst().orElseThrow();
        assertTrue(line.startsWith("jvirtiod " + mnt + " fuse.jvirtiod "), line);
        assertTrue(line.contains("nosuid") && line.contains("nodev") && line.contains("allow_other"), line);
    }

    @Test
    void writesReachTheFileSystemAndReadBack() throws IOException {
        byte[] data = new byte[300_000];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 31);
        try (FileChannel ch = FileChannel.open(mnt.resolve("scratch"), StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data).flip();
            while (direct.hasRemaining()) ch.write(direct); // one write(2) of 300 KB
        }
        assertArrayEquals(data, fs.scratch);
        assertTrue(fs.largestWrite.get() > 128 * 1024, "max_pages 256 was negotiated: a WRITE of "
                + fs.largestWrite.get() + " bytes exceeds the 32-page default");
        try (FileChannel ch = FileChannel.open(mnt.resolve("scratch"), StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(data.length);
            while (b.hasRemaining() && ch.read(b) >= 0) { }
            assertArrayEquals(data, b.array());
        }
    }

    @Test
    void workersServeConcurrentReaders() {
        List<String> all = IntStream.range(0, 64).parallel().mapToObj(i -> {
            try {
                return readHello(mnt);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }).toList();
        assertTrue(all.stream().allMatch("Hello, world!\n"::equals), all.toString());
    }

    @Test
    void aWorkerThatJustAnsweredTakesTheCallersNextRequestWithoutSleeping() throws IOException {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            assertEquals(0, server.pollMaxNs(), "with one CPU a poller would only hold the caller up");
            return;
        }
        assertEquals(FuseMountOptions.DEFAULT_POLL_NS, server.pollMaxNs());
        // open, read and close one after another: each request follows the last answer by a few microseconds
        for (int i = 0; i < 5000 && server.polledRequests() == 0; i++) readHello(mnt);
        assertTrue(server.polledRequests() > 0, "no request was read by a polling worker");
    }

    @Test
    void withPollingOffEveryRequestIsReadBySleepingWorkers() throws IOException {
        Path other = Files.createDirectory(tmp.resolve("other"));
        try (FuseServer quiet = FuseServer.mount(new HelloFileSystem(), other,
                FuseMountOptions.defaults().withWorkers(3).withPollMaxNs(0))) {
            assertEquals(0, quiet.pollMaxNs());
            for (int i = 0; i < 500; i++) assertEquals("Hello, world!\n", readHello(other));
            assertEquals(0, quiet.polledRequests());
        }
    }

    private static String readHello(Path mnt) throws IOException {
        try (FileChannel ch = FileChannel.open(mnt.resolve("hello"), StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(64);
            ch.read(b);
            return new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void notificationsMakeTheKernelAskAgain() throws IOException {
        Path hello = mnt.resolve("hello");
        Files.size(hello);
        int lookups = fs.lookups.get();
        Files.size(hello);
        assertEquals(lookups, fs.lookups.get(), "a cached entry is not looked up again");
        assertEquals(0, server.notifier().invalEntry(HelloFileSystem.ROOT, "hello", false));
        Files.size(hello);
        assertEquals(lookups + 1, fs.lookups.get(), "an invalidated entry is looked up again");

        int getattrs = fs.getattrs.get();
        Files.size(mnt.resolve("dir"));
        Files.getLastModifiedTime(mnt);
        int cached = fs.getattrs.get();
        Files.getLastModifiedTime(mnt);
        assertEquals(cached, fs.getattrs.get(), "cached attributes are not asked for again");
        assertEquals(0, server.notifier().invalInode(HelloFileSystem.ROOT, 0, 0));
        Files.getLastModifiedTime(mnt);
        assertTrue(fs.getattrs.get() > cached && cached >= getattrs, "invalidated attributes are asked for again");

        assertEquals(0, server.notifier().resend(), "kernel 6.18 takes FUSE_NOTIFY_RESEND");
    }

    @Test
    void unmountLeavesNoMountAndStopsTheWorkers() throws IOException {
        assertEquals("Hello, world!\n", Files.readString(mnt.resolve("hello")));
        assertTrue(server.unmount(), "workers stopped");
        assertFalse(FuseServer.isMounted(mnt));
        assertFalse(server.serving());
        assertTrue(fs.destroyed, "the file system was destroyed when the connection ended");
        assertEquals(-io.jvirtiod.binding.sys.Errno.ENODEV, server.notifier().resend(), "no write to a closed fd");
    }

    @Test
    void aBusyMountIsDetachedAndServesItsLastUserUntilItLetsGo() throws Exception {
        try (FileChannel open = FileChannel.open(mnt.resolve("hello"), StandardOpenOption.READ)) {
            assertFalse(server.unmount(), "an open file keeps the connection");
            assertFalse(FuseServer.isMounted(mnt), "but the mount is gone from the namespace");
            ByteBuffer b = ByteBuffer.allocate(5);
            open.read(b, 0);
            assertEquals("Hello", new String(b.array(), StandardCharsets.US_ASCII));
        }
        assertTrue(server.awaitTermination(10, TimeUnit.SECONDS), "workers end once the last file is closed");
        assertTrue(fs.destroyed);
    }
}
