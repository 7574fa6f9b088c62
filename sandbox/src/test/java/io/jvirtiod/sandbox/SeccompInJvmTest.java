package io.jvirtiod.sandbox;

import io.jvirtiod.testsupport.Require;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon's filter in a JVM of its own ({@link SeccompProbe}), one per mode: what a refused call does, that
 * allowed calls, new threads and GC keep working, and that every thread of the JVM, not just the caller, has it.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SeccompInJvmTest {
    /** Exit status of a process killed by SIGSYS (128 + 31), as Process.exitValue reports it. */
    private static final int KILLED_BY_SIGSYS = 159;

    private record Run(int status, String out, Map<String, String> seccompByThread) {}

    private static Run probe(SeccompMode mode, String action) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = List.of(java, "@" + Require.projectRoot().resolve("jvm.flags"),
                "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), SeccompProbe.class.getName(), mode.name(), action);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder said = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            said.append(line).append('\n');
            if (line.equals("installed")) break;
        }
        Map<String, String> byThread = seccompByThread(p.pid());
        try (OutputStream in = p.getOutputStream()) {
            in.write("go\n".getBytes(StandardCharsets.UTF_8));
        }
        for (String line; (line = out.readLine()) != null; ) said.append(line).append('\n');
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe JVM did not end:\n" + said);
        return new Run(p.exitValue(), said.toString(), byThread);
    }

    /** "Seccomp:" of /proc/PID/task/TID/status for every thread, by "TID name". */
    private static Map<String, String> seccompByThread(long pid) throws IOException {
        Map<String, String> modes = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path t : tasks.toList()) {
                String name = "?";
                String seccomp = "no Seccomp line";
                try {
                    for (String l : Files.readAllLines(t.resolve("status"))) {
                        if (l.startsWith("Name:")) name = l.substring(5).strip();
                        if (l.startsWith("Seccomp:")) seccomp = l.substring(8).strip();
                    }
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                modes.put(t.getFileName() + " " + name, seccomp);
            }
        }
        return modes;
    }

    @Test
    void underKillARefusedCallKillsTheJvmBySigsys() throws Exception {
        Run r = probe(SeccompMode.KILL, "forbidden");
        assertEquals(KILLED_BY_SIGSYS, r.status(), r.out());
        assertFalse(r.out().contains("socket returned"), r.out());
    }

    @Test
    void underKillAllowedCallsNewThreadsAndGcKeepWorking() throws Exception {
        Run r = probe(SeccompMode.KILL, "allowed");
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().contains("read /proc/self/status: Seccomp: 2; thread, gc and"), r.out());
    }

    @Test
    void underKillEveryThreadOfTheJvmHasTheFilter() throws Exception {
        Run r = probe(SeccompMode.KILL, "allowed");
        assertTrue(r.seccompByThread().size() > 5, "the JVM has GC, JIT and probe threads: " + r.seccompByThread());
        r.seccompByThread().forEach((thread, mode) -> assertEquals("2", mode, "thread " + thread + " of "
                + r.seccompByThread()));
        assertTrue(r.out().contains("seccomp kill: " + SyscallAllowlist.virtiofsd().size()
                + " system calls allowed"), r.out());
    }

    @Test
    void underLogARefusedCallIsMade() throws Exception {
        Run r = probe(SeccompMode.LOG, "forbidden");
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().contains("a socket: true, sigsys false"), r.out());
        r.seccompByThread().values().forEach(mode -> assertEquals("2", mode, r.seccompByThread().toString()));
    }

    @Test
    void underTrapARefusedCallRaisesSigsysAndFails() throws Exception {
        Run r = probe(SeccompMode.TRAP, "forbidden");
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().contains("a socket: false, sigsys true"), "no socket, and a SIGSYS: " + r.out());
    }

    @Test
    void underNoneNothingIsInstalled() throws Exception {
        Run r = probe(SeccompMode.NONE, "forbidden");
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().contains("a socket: true, sigsys false"), r.out());
        r.seccompByThread().values().forEach(mode -> assertEquals("0", mode, r.seccompByThread().toString()));
    }
}
