package io.jvirtiod.tests.sandbox;

import io.jvirtiod.testsupport.Require;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jvirtiod fuse --sandbox namespace} started through the launcher: the mount is made in the host's mount
 * namespace before the sandbox, the JVM serving it runs confined (virtiofsd's capabilities, no_new_privs, its own
 * mount, pid and network namespaces), and the mount goes when the daemon does, however it ends: the sandboxed JVM
 * cannot unmount, the watcher left in the host does.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FuseSandboxTest {
    @TempDir
    Path tmp;

    private LaunchedDaemon start() throws Exception {
        Require.root();
        Require.command("setpriv", "util-linux");
        Require.that(Files.exists(Path.of("/dev/fuse")), "no /dev/fuse (modprobe fuse)");
        Path share = Files.createDirectory(tmp.resolve("share"));
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        return LaunchedDaemon.start(tmp.resolve("daemon.log"), "Ctrl-C unmounts", "fuse", "--sandbox", "namespace",
                "--shared-dir", share.toString(), "--mount", mnt.toString());
    }

    @Test
    void theConfinedDaemonServesTheHostMountBothWaysAndSigtermEndsItCleanlyUnmounted() throws Exception {
        LaunchedDaemon d = start();
        Path share = tmp.resolve("share");
        Path mnt = tmp.resolve("mnt");
        try {
            assertNotEquals(d.started().pid(), d.jvm(), "the JVM is the sandbox's, below the started pid");
            assertEquals(VirtiofsdSandboxTest.KEPT, d.mask("CapEff"), d.status());
            assertEquals(VirtiofsdSandboxTest.KEPT, d.mask("CapBnd"), "no SYS_ADMIN: the mount was made before");
            assertTrue(d.noNewPrivs(), d.status());
            for (String ns : new String[] {"mnt", "pid", "net"}) {
                assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns", ns)),
                        Files.readSymbolicLink(Path.of("/proc", Long.toString(d.jvm()), "ns", ns)), ns);
            }
            assertTrue(mounted(mnt), "mounted in the host's mount namespace");
            Files.writeString(share.resolve("from-host"), "written in the shared directory\n");
            assertEquals("written in the shared directory\n", Files.readString(mnt.resolve("from-host")));
            Files.writeString(mnt.resolve("through-mount"), "written through the mount\n");
            assertEquals("written through the mount\n", Files.readString(share.resolve("through-mount")));
        } finally {
            d.started().destroy(); // SIGTERM
            assertTrue(d.started().waitFor(30, TimeUnit.SECONDS), d.logText());
        }
        assertEquals(143, d.started().exitValue(), "the JVM's own status after SIGTERM (128+15): " + d.logText());
        assertUnmountedWithinSeconds(mnt, d);
        assertFalse(d.logText().contains("Exception"), d.logText());
    }

    @Test
    void sigkillOfTheStartedPidLeavesTheMountPointUnmounted() throws Exception {
        LaunchedDaemon d = start();
        Path mnt = tmp.resolve("mnt");
        assertTrue(mounted(mnt));
        d.started().destroyForcibly();
        assertTrue(d.started().waitFor(30, TimeUnit.SECONDS));
        assertUnmountedWithinSeconds(mnt, d);
    }

    private static void assertUnmountedWithinSeconds(Path mnt, LaunchedDaemon d) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (mounted(mnt) && System.nanoTime() < deadline) Thread.sleep(20);
        assertFalse(mounted(mnt), "still mounted after the daemon ended: " + mnt + "\n" + d.logText());
    }

    private static boolean mounted(Path mnt) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(l -> l.contains(" " + mnt + " "));
    }
}
