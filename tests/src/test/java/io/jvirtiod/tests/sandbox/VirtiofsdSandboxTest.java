package io.jvirtiod.tests.sandbox;

import io.jvirtiod.binding.fuse.FuseEntryOut;
import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseOpenIn;
import io.jvirtiod.binding.fuse.FuseOpenOut;
import io.jvirtiod.binding.fuse.FuseReadIn;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.fs.passthrough.SharedDirMount;
import io.jvirtiod.mock.SplitDriver;
import io.jvirtiod.testsupport.Require;
import io.jvirtiod.vhostuser.FakeFrontEnd;
import io.jvirtiod.vhostuser.FuseOverRing;
import io.jvirtiod.vhostuser.VhostUserFsFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code jvirtiod virtiofsd} started through the launcher with its default {@code --sandbox namespace}, as Kata
 * starts it, seen from the host: the JVM's capabilities, no_new_privs, namespaces and root; that it still serves a
 * vhost-user front end; and that the supervisor's signals to the pid it started reach it.
 */
class VirtiofsdSandboxTest {
    /** virtiofsd's set and DAC_READ_SEARCH: bits 0-4 (CHOWN..FSETID), 6-7 (SETGID, SETUID), 27 (MKNOD), 31 (SETFCAP) */
    static final long KEPT = 0x8800_00dfL;
    static final String CONTENT = "served from inside the sandbox\n";

    @TempDir
    static Path tmp;
    static LaunchedDaemon daemon;

    @BeforeAll
    static void startOne() throws Exception {
        Require.root();
        Require.command("setpriv", "util-linux");
        Files.createDirectories(tmp.resolve("shared"));
        Files.writeString(tmp.resolve("shared/hello.txt"), CONTENT);
        Files.writeString(tmp.resolve("canary"), "outside the shared directory");
        daemon = start(tmp, "one");
    }

    /** Every daemon started here, stopped at the end whatever the tests asserted. */
    static final List<LaunchedDaemon> STARTED = new ArrayList<>();

    @AfterAll
    static void stop() throws InterruptedException {
        for (LaunchedDaemon d : STARTED) {
            d.started().destroy();
            if (!d.started().waitFor(30, TimeUnit.SECONDS)) d.started().destroyForcibly();
        }
    }

    /** Starts the daemon on DIR/shared with its socket in DIR/NAME/ and waits until it serves. */
    static LaunchedDaemon start(Path dir, String name, String... extra) throws Exception {
        Path sock = Files.createDirectories(dir.resolve(name)).resolve("vhost-fs.sock");
        List<String> args = new ArrayList<>(List.of("virtiofsd", "--socket-path", sock.toString(), "--shared-dir",
                dir.resolve("shared").toString()));
        args.addAll(List.of(extra));
        LaunchedDaemon d = LaunchedDaemon.start(dir.resolve(name + ".log"), "serving ", args.toArray(String[]::new));
        STARTED.add(d);
        return d;
    }

    @Test
    void theDaemonKeepsExactlyVirtiofsdsCapabilitiesWithNoNewPrivs() throws IOException {
        assertEquals(KEPT, daemon.mask("CapEff"), daemon.status());
        assertEquals(KEPT, daemon.mask("CapPrm"));
        assertEquals(KEPT, daemon.mask("CapBnd"), "dropped from the bounding set: no exec brings one back");
        assertEquals(0, daemon.mask("CapInh"));
        assertEquals(0, daemon.mask("CapAmb"));
        assertTrue(daemon.noNewPrivs(), daemon.status());
    }

    @Test
    void everyThreadOfTheServingDaemonRunsUnderTheSeccompFilter() throws IOException {
        var modes = daemon.seccompByThread();
        assertFalse(modes.isEmpty());
        assertTrue(modes.values().stream().allMatch("2"::equals), "Seccomp per thread: " + modes);
    }

    @Test
    void theDaemonHasItsOwnMountNetworkAndPidNamespaces() throws IOException {
        for (String ns : List.of("mnt", "net", "pid")) {
            assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns", ns)),
                    Files.readSymbolicLink(Path.of("/proc", Long.toString(daemon.jvm()), "ns", ns)), ns);
        }
        assertTrue(daemon.status().lines().anyMatch(l -> l.matches("NSpid:\\s+\\d+\\s+1")),
                "pid 1 of its pid namespace");
    }

    @Test
    void theDaemonsRootHoldsOnlyWhatItRunsOnAndServes() throws IOException {
        Set<String> expected = new TreeSet<>(List.of("dev", "etc", "proc", "tmp", "usr"));
        for (String d : List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32")) {
            if (Files.exists(Path.of("/", d), java.nio.file.LinkOption.NOFOLLOW_LINKS)) expected.add(d);
        }
        expected.add(Require.projectRoot().toAbsolutePath().getName(0).toString()); // the jar, lib/, jvm.flags
        Path javaHome = Path.of(System.getProperty("java.home"));
        if (!javaHome.startsWith("/usr")) expected.add(javaHome.getName(0).toString());
        Set<String> seen = new TreeSet<>();
        try (Stream<Path> s = Files.list(daemon.root())) {
            s.forEach(p -> seen.add(p.getFileName().toString()));
        }
        assertEquals(expected, seen);
        Path inside = Path.of(daemon.root() + tmp.toString());
        assertEquals(CONTENT, Files.readString(inside.resolve("shared/hello.txt")));
        assertFalse(Files.exists(inside.resolve("canary")), "a file beside the shared directory is out of reach");
    }

    @Test
    void theNodevNosuidWarningSpeaksOfTheHostsMountNotTheSandboxsBind() throws IOException {
        Optional<String> host = SharedDirMount.warning(tmp.resolve("shared"));
        String log = daemon.logText();
        assertEquals(host.isPresent(), log.contains(" is on a mount without "), log);
        host.ifPresent(w -> assertTrue(log.contains(w), log));
    }

    @Test
    void theSandboxedDaemonServesFuseInitLookupOpenAndRead() throws Exception {
        try (VhostUserFsFixture fx = VhostUserFsFixture.frontEndOf(tmp.resolve("one/vhost-fs.sock"));
             FakeFrontEnd fe = fx.connect()) {
            VhostUserFsFixture.negotiate(fe);
            assertEquals(0, fx.setMemTable(fe));
            SplitDriver ring = fx.driver(0);
            int[] fds = fx.startRing(fe, 1, ring);
            FuseOverRing fuse = new FuseOverRing(ring, fds[0]);
            assertEquals(0, fuse.init());
            assertEquals(0, fuse.call(FuseH.FUSE_LOOKUP, 1, new byte[][] {"hello.txt\0".getBytes()},
                    new int[] {(int) FuseEntryOut.SIZE}));
            long node = fuse.replyArg(0, FuseEntryOut.SIZE).get(JAVA_LONG_UNALIGNED, FuseEntryOut.OFFSET_NODEID);
            byte[] openIn = new byte[(int) FuseOpenIn.SIZE]; // O_RDONLY
            assertEquals(0, fuse.call(FuseH.FUSE_OPEN, node, new byte[][] {openIn},
                    new int[] {(int) FuseOpenOut.SIZE}));
            long fh = fuse.replyArg(0, FuseOpenOut.SIZE).get(JAVA_LONG_UNALIGNED, FuseOpenOut.OFFSET_FH);
            byte[] readIn = new byte[(int) FuseReadIn.SIZE];
            MemorySegment r = MemorySegment.ofArray(readIn);
            r.set(JAVA_LONG_UNALIGNED, FuseReadIn.OFFSET_FH, fh);
            r.set(JAVA_INT_UNALIGNED, FuseReadIn.OFFSET_SIZE, 4096);
            assertEquals(0, fuse.call(FuseH.FUSE_READ, node, new byte[][] {readIn}, new int[] {CONTENT.length()}));
            byte[] got = fuse.replyArg(0, CONTENT.length()).toArray(JAVA_BYTE);
            assertEquals(CONTENT, new String(got, StandardCharsets.UTF_8));
            FileIo.closeRaw(fds[0]);
            FileIo.closeRaw(fds[1]);
        }
    }

    @Test
    void theSocketGetsSocketGroupsGroupWhenMadeInsideTheSandbox() throws Exception {
        start(tmp, "group", "--socket-group", "daemon");
        Path sock = tmp.resolve("group/vhost-fs.sock");
        assertEquals("daemon", Files.getAttribute(sock, "posix:group").toString());
        assertEquals("rwxrwx---", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
    }

    @Test
    void sigtermToTheStartedPidEndsTheDaemonAsWithoutTheSandbox() throws Exception {
        LaunchedDaemon d = start(tmp, "term");
        ProcessHandle jvm = ProcessHandle.of(d.jvm()).orElseThrow();
        d.started().destroy(); // SIGTERM, as a supervisor sends it
        assertTrue(d.started().waitFor(30, TimeUnit.SECONDS), d.logText());
        assertEquals(143, d.started().exitValue(), "the JVM's own status after SIGTERM (128+15): " + d.logText());
        assertFalse(jvm.isAlive());
        assertFalse(d.logText().contains("Exception"), d.logText());
    }

    @Test
    void withSandboxNoneTheStartedPidIsTheJvmInTheHostsNamespacesAndSigtermEndsItAlike() throws Exception {
        LaunchedDaemon d = start(tmp, "none", "--sandbox", "none");
        assertEquals(d.started().pid(), d.jvm(), "the launcher exec'd java, nothing more");
        assertEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")),
                Files.readSymbolicLink(Path.of("/proc", Long.toString(d.jvm()), "ns", "mnt")));
        assertNotEquals(KEPT, d.mask("CapEff"), "root's capabilities, not the sandbox's row: " + d.status());
        d.started().destroy();
        assertTrue(d.started().waitFor(30, TimeUnit.SECONDS), d.logText());
        assertEquals(143, d.started().exitValue(), d.logText());
    }

    @Test
    void sigkillToTheStartedPidLeavesNoJvmBehind() throws Exception {
        LaunchedDaemon d = start(tmp, "kill");
        ProcessHandle jvm = ProcessHandle.of(d.jvm()).orElseThrow();
        d.started().destroyForcibly();
        d.started().waitFor(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (jvm.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
        assertFalse(jvm.isAlive(), "the parent-death signal killed the JVM with its parent");
    }

    @Test
    void aDaemonToldItIsInsideButNotConfinedRefusesToStart() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Require.projectRoot().resolve("jvirtiod").toString(), "virtiofsd",
                "--socket-path", tmp.resolve("fake.sock").toString(), "--shared-dir", tmp.resolve("shared").toString())
                .redirectErrorStream(true);
        pb.environment().put("JVIRTIOD_NO_BUILD", "1");
        pb.environment().put("JVIRTIOD_SANDBOX", "namespace");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("is not confined: NoNewPrivs is 0"), out);
        assertFalse(Files.exists(tmp.resolve("fake.sock")), "it stopped before listening");
    }
}
