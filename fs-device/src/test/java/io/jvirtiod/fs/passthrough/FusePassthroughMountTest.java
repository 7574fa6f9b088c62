package io.jvirtiod.fs.passthrough;

import io.jvirtiod.fs.fuse.FuseMount;
import io.jvirtiod.fs.fuse.FuseMountOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FUSE passthrough (kernel 6.9+) on a real mount: the kernel does reads and writes on the backing file itself.
 * Several opens of one inode must share one backing file (the kernel refuses a second with EIO).
 */
class FusePassthroughMountTest {
    @TempDir
    Path tmp;
    Path share;
    Path mnt;
    FuseMount mount;

    /** Mounts a passthrough fs with FUSE passthrough on, as {@code config} adjusts it. */
    private PassthroughFs mount(UnaryOperator<PassthroughConfig> config) throws Exception {
        FuseMount.require();
        share = Files.createDirectory(tmp.resolve("share"));
        mnt = Files.createDirectory(tmp.resolve("mnt"));
        PassthroughFs fs = new PassthroughFs(config.apply(PassthroughConfig.of(share).withPassthrough(true)));
        mount = FuseMount.mount(fs, mnt, FuseMountOptions.defaults().withWorkers(2));
        return fs;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) mount.close();
    }

    private static void assertGranted(PassthroughFs fs) {
        assertTrue(fs.passthroughActive(), "kernel " + System.getProperty("os.version")
                + " should grant FUSE_PASSTHROUGH (6.9+)");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void readersAndWritersOfOneFileShareItsBackingFile() throws Exception {
        PassthroughFs fs = mount(c -> c);
        Files.writeString(share.resolve("f"), "0123456789");
        // the reader opens first: its read-only fd becomes the backing file the writer shares
        try (FileChannel reader = FileChannel.open(mnt.resolve("f"), StandardOpenOption.READ);
             FileChannel writer = FileChannel.open(mnt.resolve("f"), StandardOpenOption.WRITE);
             FileChannel direct = FileChannel.open(mnt.resolve("f"), StandardOpenOption.READ,
                     com.sun.nio.file.ExtendedOpenOption.DIRECT)) {
            assertGranted(fs);
            writer.write(ByteBuffer.wrap("abc".getBytes()), 2);
            ByteBuffer b = ByteBuffer.allocate(10);
            assertEquals(10, reader.read(b, 0));
            assertEquals("01abc56789", new String(b.array()));
            assertTrue(direct.size() == 10);
            // the O_DIRECT open is served by the daemon (FOPEN_DIRECT_IO) while the others pass through
            ByteBuffer aligned = ByteBuffer.allocateDirect(8192).alignedSlice(4096).limit(4096);
            assertEquals(10, direct.read(aligned, 0));
            assertEquals("01abc56789", StandardCharsets.US_ASCII.decode(aligned.flip()).toString());
        }
        assertEquals("01abc56789", Files.readString(share.resolve("f")));
        try (FileChannel c = FileChannel.open(mnt.resolve("g"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            c.write(ByteBuffer.wrap("created".getBytes()));
        }
        assertEquals("created", Files.readString(share.resolve("g")));
        assertEquals(0, fs.files().size() == 0 ? 0 : waitNoOpenFiles(fs));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void filesOpenInPassthroughModeWithCacheAlways() throws Exception {
        // cache always answers opens with FOPEN_KEEP_CACHE, which the kernel refuses beside FOPEN_PASSTHROUGH
        PassthroughFs fs = mount(c -> c.withCache(CacheMode.ALWAYS));
        Files.writeString(share.resolve("old"), "kept");
        assertEquals("kept", Files.readString(mnt.resolve("old")));
        assertGranted(fs);
        Files.writeString(mnt.resolve("new"), "made");
        assertEquals("made", Files.readString(share.resolve("new")));
        Files.writeString(mnt.resolve("old"), "replaced");
        assertEquals("replaced", Files.readString(share.resolve("old")));
    }

    /** RELEASE is asynchronous: waits for the open file table to drain; returns the files left. */
    private static int waitNoOpenFiles(PassthroughFs fs) throws InterruptedException {
        for (int i = 0; i < 100 && fs.files().size() > 0; i++) Thread.sleep(20);
        return fs.files().size();
    }
}
