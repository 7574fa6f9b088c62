package io.jvirtiod.tests.sandbox;

import io.jvirtiod.testsupport.Require;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A daemon started through the launcher, as a supervisor starts it: the pid it started, the JVM serving (that pid
 * itself with --sandbox none, the sandbox's pid 1 below it otherwise), and the log of both.
 */
record LaunchedDaemon(Process started, long jvm, Path log) {
    /** Runs {@code ./jvirtiod ARGS} with its output in {@code log}; waits until the log shows {@code ready}. */
    static LaunchedDaemon start(Path log, String ready, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Require.projectRoot().resolve("jvirtiod").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JVIRTIOD_NO_BUILD", "1");
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(log) && Files.readString(log).contains(ready))) {
            if (!p.isAlive()) throw new AssertionError("the daemon exited with " + p.exitValue() + ": " + text(log));
            if (System.nanoTime() > deadline) throw new AssertionError("no '" + ready + "' in 60 s: " + text(log));
            Thread.sleep(20);
        }
        return new LaunchedDaemon(p, jvmOf(p), log);
    }

    /** The JVM the started pid runs: itself, or its descendant. */
    static long jvmOf(Process p) {
        return Stream.concat(Stream.of(p.toHandle()), p.descendants()).mapToLong(ProcessHandle::pid)
                .filter(pid -> argv0(pid).endsWith("/java")).findFirst()
                .orElseThrow(() -> new AssertionError("no java under pid " + p.pid()));
    }

    private static String argv0(long pid) {
        try {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
            int nul = cmdline.indexOf('\0');
            return nul < 0 ? cmdline : cmdline.substring(0, nul);
        } catch (IOException gone) {
            return "";
        }
    }

    static String text(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    String logText() throws IOException {
        return text(log);
    }

    String status() throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(jvm), "status"));
    }

    /** A capability mask of /proc/PID/status (CapEff, CapBnd, ...). */
    long mask(String field) throws IOException {
        return status().lines().filter(l -> l.startsWith(field + ":")).map(l -> Long.parseUnsignedLong(
                l.substring(field.length() + 1).trim(), 16)).findFirst().orElseThrow();
    }

    boolean noNewPrivs() throws IOException {
        return status().lines().anyMatch(l -> l.equals("NoNewPrivs:\t1"));
    }

    /** The Seccomp field (0 none, 2 filter) of every thread of the JVM, by thread id. */
    java.util.Map<String, String> seccompByThread() throws IOException {
        java.util.Map<String, String> modes = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(jvm), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    Files.readString(task.resolve("status")).lines().filter(l -> l.startsWith("Seccomp:"))
                            .findFirst().ifPresent(l -> modes.put(task.getFileName().toString(),
                                    l.substring("Seccomp:".length()).trim()));
                } catch (IOException threadEnded) {
                    // a thread that ended while listed
                }
            }
        }
        return modes;
    }

    Path root() {
        return Path.of("/proc", Long.toString(jvm), "root");
    }
}
