package io.jvirtiod.fs.passthrough;

import io.jvirtiod.fs.fuse.FuseMount;
import io.jvirtiod.fs.fuse.FuseMountOptions;
import io.jvirtiod.fs.fuse.FuseServer;
import io.jvirtiod.fs.fuse.UringSwitch;
import io.jvirtiod.testsupport.Require;
import io.jvirtiod.testsupport.StressNg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * stress-ng's file system stressors with --verify ({@link StressNg}) on a real mount of the passthrough file system.
 * The test installs nothing: without stress-ng it skips locally and fails under CI (the CI script installs it).
 */
class StressNgTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void fileSystemStressorsPassWithVerify() throws Exception {
        stress(FuseMountOptions.defaults().withWorkers(4));
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void fileSystemStressorsPassWithVerifyOverIoUring() throws Exception {
        try (UringSwitch on = UringSwitch.on()) {
            FuseServer server = stress(FuseMountOptions.defaults().withWorkers(2).withIoUring(true));
            assertTrue(server.uringRequests() > 1000, "the stressors' requests came over the rings: "
                    + server.uringRequests());
        }
    }

    /** Runs the stressors on a fresh mount with {@code options}; returns the (unmounted) server. */
    private FuseServer stress(FuseMountOptions options) throws Exception {
        FuseMount.require();
        Path stressNg = Require.command("stress-ng", "stress-ng");
        Path share = Files.createDirectory(tmp.resolve("share"));
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        PassthroughFs fs = new PassthroughFs(PassthroughConfig.of(share));
        fs.maxLockWaiters(3);
        FuseMount mount = FuseMount.mount(fs, mnt, options);
        try {
            // Every file the open stressor holds is a host fd in this JVM, the server, and both start with the same
            // RLIMIT_NOFILE: left to open up to that limit, it used up the server's fds and every other stressor's
            // request failed with EMFILE (CI, 2026-11-22). A server needs more fds than one client may hold open.
            System.out.println(StressNg.runAndCheck(stressNg, mnt, 6, openFileLimit() / 4));
        } finally {
            mount.close();
        }
        return mount.server();
    }

    /** This process's soft RLIMIT_NOFILE, from /proc/self/limits. */
    private static long openFileLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? 1 << 20 : Long.parseLong(soft);
            }
        }
        throw new IllegalStateException("no 'Max open files' line in /proc/self/limits");
    }
}
