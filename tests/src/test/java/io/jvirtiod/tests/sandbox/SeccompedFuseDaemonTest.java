package io.jvirtiod.tests.sandbox;

import io.jvirtiod.testsupport.Require;
import io.jvirtiod.testsupport.StressNg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real daemon under its filter: {@code jvirtiod fuse --seccomp kill --posix-locks} started through the launcher
 * serves stress-ng's file-system stressors with --verify (the workload the allowlist was measured with, the locks
 * served by the daemon) and a tree walk
 * with reads, writes, renames, links and xattrs, and is still alive, every thread filtered, until SIGTERM
 * unmounts it. A call missing from the allowlist kills the daemon, and the mount with it: this is the test that
 * catches a list too small.
 */
class SeccompedFuseDaemonTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void underKillTheDaemonServesAWorkloadWithEveryThreadFilteredAndStopsCleanly() throws Exception {
        Require.root();
        Require.that(Files.exists(Path.of("/dev/fuse")), "no /dev/fuse (modprobe fuse)");
        Path stressNg = Require.command("stress-ng", "stress-ng");
        Require.command("setfattr", "attr");
        Path share = Files.createDirectory(tmp.resolve("share"));
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        ProcessBuilder pb = new ProcessBuilder(Require.projectRoot().resolve("jvirtiod").toString(), "fuse",
                "--seccomp", "kill", "--posix-locks", "--shared-dir", share.toString(), "--mount", mnt.toString())
                .redirectErrorStream(true);
        pb.environment().put("JVIRTIOD_NO_BUILD", "1");
        Process daemon = pb.start(); // the launcher execs java: this pid is the daemon's
        StringBuilder log = new StringBuilder();
        BufferedReader out = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            log.append(line).append('\n');
            if (line.contains("Ctrl-C unmounts")) break;
        }
        Thread drain = Thread.ofVirtual().start(() -> out.lines().forEach(l -> log.append(l).append('\n')));
        try {
            assertTrue(daemon.isAlive(), "the daemon did not start serving:\n" + log);
            assertTrue(log.toString().contains("seccomp kill: "), log.toString());
            String status = Files.readString(Path.of("/proc", String.valueOf(daemon.pid()), "status"));
            assertTrue(status.contains("\nSeccomp:\t2\n"), status);
            assertTrue(status.contains("\nNoNewPrivs:\t1\n"), status);
            assertTrue(status.lines().anyMatch(l -> l.matches("Seccomp_filters:\t[1-9][0-9]*")), status);
            assertEveryThreadFiltered(daemon.pid());

            // the daemon's fd limit is the launcher's; the open stressor must leave it room (see StressNgTest)
            String stress = StressNg.runAndCheck(stressNg, mnt, 5, 2000);
            assertTrue(daemon.isAlive(), "the daemon died under the workload (a call not on the list?):\n" + log
                    + "\n" + stress);
            treeWalk(mnt);
            assertTrue(daemon.isAlive(), "the daemon died in the tree walk:\n" + log);
            assertEveryThreadFiltered(daemon.pid()); // threads made since (GC, JIT, lock waiters) inherited it
        } finally {
            daemon.destroy(); // SIGTERM: the shutdown hook unmounts
            assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "no exit after SIGTERM:\n" + log);
        }
        drain.join(5_000);
        assertEquals(143, daemon.exitValue(), "a clean exit after SIGTERM, not SIGSYS (159):\n" + log);
        // the shutdown hook unmounted it (the main thread may not live to say so)
        assertTrue(Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .noneMatch(l -> l.contains(" " + mnt + " ")), "still mounted after SIGTERM: " + mnt);
    }

    private static void assertEveryThreadFiltered(long pid) throws IOException {
        List<String> unfiltered = new ArrayList<>();
        int threads = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path t : tasks.toList()) {
                String status;
                try {
                    status = Files.readString(t.resolve("status"));
                } catch (IOException gone) {
                    continue;
                }
                threads++;
                if (!status.contains("\nSeccomp:\t2\n")) unfiltered.add(t.getFileName().toString());
            }
        }
        assertTrue(threads > 5, "the daemon has GC, JIT and worker threads: " + threads);
        assertEquals(List.of(), unfiltered, "threads without the filter");
    }

    /** Files and directories made, read, renamed, linked and tagged through the mount, then removed. */
    private static void treeWalk(Path mnt) throws Exception {
        Path root = Files.createDirectories(mnt.resolve("walk/a/b"));
        for (int i = 0; i < 50; i++) Files.writeString(root.resolve("f" + i), "content " + i);
        try (Stream<Path> all = Files.walk(mnt.resolve("walk"))) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                assertTrue(Files.readString(p).startsWith("content "), p.toString());
            }
        }
        Files.move(root.resolve("f0"), root.resolve("renamed"));
        Files.createSymbolicLink(root.resolve("link"), Path.of("renamed"));
        Files.createLink(root.resolve("hard"), root.resolve("renamed"));
        Process x = new ProcessBuilder("setfattr", "-n", "user.color", "-v", "blue", root.resolve("renamed").toString())
                .redirectErrorStream(true).start();
        assertEquals(0, x.waitFor(), new String(x.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals("content 0", Files.readString(root.resolve("link")));
        try (Stream<Path> all = Files.walk(mnt.resolve("walk"))) {
            for (Path p : all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) Files.delete(p);
        }
        assertTrue(Files.notExists(mnt.resolve("walk")));
    }
}
