package io.jvirtiod.tests.sandbox;

import io.jvirtiod.testsupport.Require;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jvirtiod vduse-blk} through the launcher with its default {@code --sandbox namespace}. Where the host has
 * VDUSE, the running daemon's capabilities are read from /proc; where it has none, the daemon still enters its
 * sandbox, passes its own check (the capability row, no_new_privs, namespaces, tmpfs root) and only then finds no
 * /dev/vduse/control.
 */
class VduseBlkSandboxTest {
    /** DAC_OVERRIDE alone (bit 1). */
    static final long KEPT = 1L << 1;

    @TempDir
    Path tmp;

    @Test
    void vduseBlkEntersItsSandboxKeepingOnlyDacOverride() throws Exception {
        Require.root();
        Require.command("setpriv", "util-linux");
        Path img = tmp.resolve("disk.img");
        try (var ch = java.nio.channels.FileChannel.open(img, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(0).write(java.nio.ByteBuffer.allocate(1), (1 << 20) - 1);
        }
        Path log = tmp.resolve("vduse.log");
        ProcessBuilder pb = new ProcessBuilder(Require.projectRoot().resolve("jvirtiod").toString(), "vduse-blk",
                "--name", "sandbox-test", "--file", img.toString(), "--log-dir", tmp.resolve("state").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JVIRTIOD_NO_BUILD", "1");
        Process p = pb.start();
        try {
            expectSandboxed(p, log);
        } finally {
            p.destroyForcibly();
        }
    }

    private static void expectSandboxed(Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive() && !LaunchedDaemon.text(log).contains("ready for vdpa") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        String text = LaunchedDaemon.text(log);
        assertTrue(text.contains("--sandbox=namespace: new mount, pid and network namespaces")
                && text.contains("capabilities kept: dac_override\n"), "stage 2 checked its confinement: " + text);
        if (p.isAlive()) { // VDUSE here: the device is up, read the JVM's confinement
            LaunchedDaemon d = new LaunchedDaemon(p, LaunchedDaemon.jvmOf(p), log);
            assertEquals(KEPT, d.mask("CapEff"), d.status());
            assertEquals(KEPT, d.mask("CapBnd"), d.status());
            assertTrue(d.noNewPrivs(), d.status());
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), LaunchedDaemon.text(log));
        } else {
            assertEquals(1, p.exitValue(), text);
            assertTrue(text.contains("/dev/vduse/control"), text);
        }
    }
}
