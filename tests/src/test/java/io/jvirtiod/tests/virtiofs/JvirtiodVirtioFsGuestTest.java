package io.jvirtiod.tests.virtiofs;

import io.jvirtiod.testsupport.Require;
import io.jvirtiod.tests.vm.VirtioFsGuest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jvirtiod as Kata's virtio_fs_daemon, in a guest launched as Kata launches one: the harness listens on the
 * vhost-user socket and execs {@code jvirtiod-virtiofsd --fd=3 ...} (the launcher under Kata's daemon name, with
 * virtiofsd's arguments and no subcommand), QEMU attaches vhost-user-fs-pci (tag kataShared, queue-size 1024,
 * guest RAM in a shared memfd), the guest mounts the tag at /run/kata-containers/shared/containers and runs a
 * POSIX behaviour suite and stress-ng's file-system stressors with --verify there. A tmpfs mounted in the share
 * beforehand must appear in the guest as a mount of its own (--announce-submounts). One boot; each test checks
 * one thing, in the guest's report or on the host.
 */
class JvirtiodVirtioFsGuestTest {
    @TempDir
    static Path share;
    @TempDir
    static Path bin;
    private static VirtioFsGuest.Result result;

    @BeforeAll
    static void bootOnce() throws IOException, InterruptedException {
        Require.root(); // the submount: a tmpfs mounted in the share
        Path submount = Files.createDirectory(share.resolve("submount"));
        assertEquals(0, new ProcessBuilder("mount", "-t", "tmpfs", "tmpfs", submount.toString()).inheritIO().start()
                .waitFor());
        Files.writeString(submount.resolve("marker"), "tmpfs\n");
        Require.command("stress-ng", "stress-ng");
        Require.command("setfattr", "attr");
        Path launcher = Require.projectRoot().resolve("jvirtiod");
        Path katasName = Files.createSymbolicLink(bin.resolve("jvirtiod-virtiofsd"), launcher);
        String daemon = "echo \"fd3=$(readlink /proc/self/fd/3)\"; JVIRTIOD_NO_BUILD=1 exec " + katasName
                + " --fd=3 --shared-dir=\"$SHARE\" --cache=auto --thread-pool-size=1 --announce-submounts --xattr";
        VirtioFsGuest.require(daemon);
        Path suite = Require.projectRoot().resolve("tests/src/test/resources/virtiofs/posix-suite.sh");
        result = VirtioFsGuest.run(share, daemon, "bash " + suite, Duration.ofMinutes(8));
    }

    @AfterAll
    static void unmountTheSubmount() throws IOException, InterruptedException {
        new ProcessBuilder("umount", share.resolve("submount").toString()).inheritIO().start().waitFor();
    }

    private static List<String> reportLines() {
        return result.guest().output().lines().filter(l -> l.startsWith("ok ") || l.startsWith("FAIL ")).toList();
    }

    @Test
    void theGuestRanTheWholeSuite() {
        assertEquals(0, result.guest().exitCode(), result.describe());
        assertEquals(27, reportLines().size(), result.describe());
    }

    @TestFactory
    Stream<DynamicTest> everyPosixBehaviourHoldsInTheGuest() {
        return reportLines().stream().map(l -> DynamicTest.dynamicTest(l.split("[ :]")[1],
                () -> assertTrue(l.startsWith("ok "), l)));
    }

    @Test
    void stressNgFileSystemStressorsVerifyCleanly() {
        String out = result.guest().output();
        assertTrue(out.contains("stress-ng rc=0"), result.describe());
        assertTrue(out.contains("successful run completed"), result.describe());
        assertFalse(out.lines().anyMatch(l -> l.contains(" fail:") || l.contains("FAILED")), result.describe());
    }

    @Test
    void kataStartedJvirtiodByItsDaemonNameWithTheListeningSocketAsFd3() {
        String log = result.daemonLog();
        assertTrue(log.contains("fd3=socket:["), result.describe());
        assertTrue(log.contains("on vhost-user socket fd 3"), result.describe());
        assertTrue(log.contains("front-end connected"), result.describe());
    }

    @Test
    void theDaemonLoggedNoErrorOrProtocolViolation() {
        // jvirtiod's records read "[<instant> <LEVEL>] message"; a warning that the share (a temporary
        // directory) is on a mount without nodev or nosuid is expected, as the host's mounts go.
        assertFalse(result.daemonLog().lines().anyMatch(l -> l.matches("^\\[\\S+ (SEVERE|WARNING)\\] .*")
                && !l.contains(" is on a mount without ")), result.describe());
        assertTrue(result.daemonLog().contains("connection closed: front-end closed the connection"), result.describe());
    }

    @Test
    void theHostSeesEveryChangeTheGuestMade() throws IOException, NoSuchAlgorithmException {
        Path p = share.resolve("posix");
        assertEquals("hello\n", Files.readString(p.resolve("created")), result.describe());
        assertEquals("1\n2\n", Files.readString(p.resolve("appended")));
        assertEquals("abXYef", Files.readString(p.resolve("inplace")));
        assertEquals(100, Files.size(p.resolve("truncated")));
        assertEquals(1L << 30, Files.size(p.resolve("sparse")));
        assertEquals("x\n", Files.readString(p.resolve("renamed")));
        assertFalse(Files.exists(p.resolve("r1")));
        assertEquals("n\n", Files.readString(p.resolve("moved-dir/sub/f")));
        assertEquals(2, (int) Files.getAttribute(p.resolve("linked"), "unix:nlink"));
        assertEquals(Files.getAttribute(p.resolve("linked"), "unix:ino"), Files.getAttribute(p.resolve("linked2"), "unix:ino"));
        assertEquals(Path.of("some/target"), Files.readSymbolicLink(p.resolve("symlinked")));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(p.resolve("mode640"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p.resolve("private"))));
        assertEquals(1234, (int) Files.getAttribute(p.resolve("owned"), "unix:uid"));
        assertEquals(5678, (int) Files.getAttribute(p.resolve("owned"), "unix:gid"));
        assertEquals(981173106L, Files.getLastModifiedTime(p.resolve("timed")).toMillis() / 1000);
        assertTrue(Files.isDirectory(p.resolve("nonempty")));
        assertFalse(Files.exists(p.resolve("unlinked")));
        assertEquals("a\n", Files.readString(p.resolve("exclusive")));
        assertTrue((boolean) Files.getAttribute(p.resolve("fifo"), "isOther", LinkOption.NOFOLLOW_LINKS));
        try (Stream<Path> many = Files.list(p.resolve("many"))) {
            assertEquals(500, many.count());
        }
        String sha = Files.readString(p.resolve("big.sha256")).substring(0, 64);
        byte[] onHost = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p.resolve("big")));
        assertEquals(sha, HexFormat.of().formatHex(onHost), "the 32 MiB file the guest wrote");
        assertFalse(Files.exists(share.resolve("stress")), "stress-ng's scratch directory was removed");
    }
}
