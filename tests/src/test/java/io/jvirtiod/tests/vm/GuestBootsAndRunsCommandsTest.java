package io.jvirtiod.tests.vm;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guest harness itself: one boot runs a script that exercises everything later guest tests rely on, and
 * each test checks one of those promises.
 */
class GuestBootsAndRunsCommandsTest {
    private static final String TRICKY = "it's \"quoted\" $HOME `x` \\ and spaced";

    @TempDir
    static Path rw;
    private static GuestResult result;

    @BeforeAll
    static void bootOnce() throws IOException {
        Guest.require();
        Files.writeString(rw.resolve("from-host.txt"), "host wrote this\n");
        result = Guest.run("""
                echo "kernel=$(uname -r)"
                echo "pwd=$PWD"
                printf 'env=%s\\n' "$TRICKY"
                echo "to stderr" >&2
                cat "$RW/from-host.txt" > "$RW/copied-by-guest.txt"
                echo "guest $(uname -r)" > "$RW/from-guest.txt"
                echo "vduse-control=$([ -c /dev/vduse/control ] && echo yes || echo no)"
                for m in vdpa vduse virtio_vdpa; do grep -q "^$m " /proc/modules && echo "loaded=$m"; done
                modprobe vhost_vdpa && grep -q '^vhost_vdpa ' /proc/modules && echo "modprobe=ok"
                exit 7
                """, Duration.ofMinutes(5), Map.of("TRICKY", TRICKY, "RW", rw.toString()), List.of(rw));
    }

    @Test
    void theScriptsExitCodeComesBack() {
        assertEquals(7, result.exitCode(), result.describe());
    }

    @Test
    void itRanOnTheGuestKernelNotTheHosts() throws IOException {
        String host = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        assertTrue(result.output().contains("kernel=" + Guest.kernelRelease() + "\n"), result.describe());
        assertNotEquals(host, Guest.kernelRelease());
    }

    @Test
    void stdoutAndStderrComeBackInOrder() {
        String out = result.output();
        int env = out.indexOf("env="), err = out.indexOf("to stderr\n"), vduse = out.indexOf("vduse-control=");
        assertTrue(env >= 0 && err > env && vduse > err, result.describe());
    }

    @Test
    void theScriptRunsInTheProjectRoot() {
        assertTrue(result.output().contains("pwd=" + io.jvirtiod.testsupport.Require.projectRoot() + "\n"),
                result.describe());
    }

    @Test
    void environmentVariablesReachTheScriptUnchanged() {
        assertTrue(result.output().contains("env=" + TRICKY + "\n"), result.describe());
    }

    @Test
    void aReadWriteDirectoryCarriesFilesBothWays() throws IOException {
        assertEquals("host wrote this\n", Files.readString(rw.resolve("copied-by-guest.txt")), result.describe());
        assertEquals("guest " + Guest.kernelRelease() + "\n", Files.readString(rw.resolve("from-guest.txt")));
    }

    @Test
    void aGuestThatOutlivesItsTimeoutIsKilledAndReportedAsSuch() {
        long start = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Guest.run("sleep 600", Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("the guest reported no exit code"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(60)) < 0);
    }

    @Test
    void vduseIsThereAndModulesLoadWithModprobe() {
        String out = result.output();
        for (String line : List.of("vduse-control=yes", "loaded=vdpa", "loaded=vduse", "loaded=virtio_vdpa",
                "modprobe=ok")) {
            assertTrue(out.contains(line + "\n"), line + " missing: " + result.describe());
        }
    }
}
