package io.jvirtiod.sandbox;

import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.Exec;
import io.jvirtiod.binding.sys.FcntlH;
import io.jvirtiod.binding.sys.Fds;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 1 of {@code --sandbox namespace}: the daemon's JVM, once its options are parsed, execve()s the stage
 * script {@code jvirtiod-sandbox} (beside the launcher) with the plan and its own command line, so that the same
 * java, JVM flags, jar and arguments run again inside the new namespaces. A JVM cannot make them itself: it is
 * multi-threaded from its first instruction, and unshare(CLONE_NEWNS) refuses a process that shares its file
 * system state between threads; capabilities and no_new_privs are per thread. execve keeps the pid the supervisor
 * (Kata) watches and the fds it passed (--fd=3); every other fd is marked close-on-exec first, so nothing the JVM
 * opened reaches the sandbox.
 */
public final class NamespaceSandbox {
    private NamespaceSandbox() {}

    /** Set to {@code namespace} by the stage script for the command it runs inside. */
    public static final String INSIDE = "JVIRTIOD_SANDBOX";
    /** The installation directory, exported by the launcher: the stage script lives there. */
    public static final String HOME = "JVIRTIOD_HOME";
    /** The pid the launcher exec'd java in: only that JVM is the launcher's, and may be run again. */
    public static final String LAUNCHED = "JVIRTIOD_LAUNCHED";
    public static final String SCRIPT = "jvirtiod-sandbox";

    /** Why a JVM the launcher did not start cannot enter the sandbox. */
    public static final String NOT_LAUNCHED = "--sandbox namespace needs the jvirtiod launcher, which did not start "
            + "this JVM (it would be replaced by the daemon): pass --sandbox none to run in this process";

    /** Whether the launcher exec'd this JVM (exported its pid, which execve kept): only then may it be run again. */
    public static boolean launched() {
        return System.getenv(HOME) != null
                && String.valueOf(ProcessHandle.current().pid()).equals(System.getenv(LAUNCHED));
    }

    /** Whether this process runs inside the sandbox (stage 2), as the stage script says (see SandboxCheck). */
    public static boolean inside() {
        return "namespace".equals(System.getenv(INSIDE));
    }

    /**
     * Stage 1: adds the installation and the JDK to {@code plan} (read-only) and execs the stage script; returns
     * only by throwing. {@code keepFds}: inherited fds the command inside needs (Kata's listening socket).
     *
     * @throws IllegalStateException when this JVM was not started by the launcher (a test calling the command in
     *         its own JVM, which must not be replaced), or the exec failed
     */
    public static void enter(SandboxPlan plan, int... keepFds) {
        if (!launched()) throw new IllegalStateException(NOT_LAUNCHED);
        String home = System.getenv(HOME);
        List<String> command = ownCommandLine();
        runtime(plan, command);
        Path script = Path.of(home, SCRIPT);
        List<String> argv = new ArrayList<>();
        argv.add(script.toString());
        argv.addAll(plan.scriptArguments(Path.of("").toAbsolutePath()));
        argv.add("--");
        argv.addAll(command);
        List<String> env = new ArrayList<>();
        Map<String, String> vars = new HashMap<>(System.getenv());
        vars.putAll(plan.told());
        for (Map.Entry<String, String> e : vars.entrySet()) env.add(e.getKey() + "=" + e.getValue());
        closeOnExecAllBut(keepFds);
        forgetPerfData();
        System.out.flush();
        System.err.flush();
        int rc = Exec.execve(script.toString(), argv, env);
        throw new IllegalStateException("cannot run the sandbox script " + script + ": " + Errno.name(-rc));
    }

    /** This process's argv, as the launcher exec'd it: java, its flags, -jar JAR, the command's arguments. */
    static List<String> ownCommandLine() {
        try {
            String all = new String(Files.readAllBytes(Path.of("/proc/self/cmdline")), StandardCharsets.UTF_8);
            return Arrays.asList(all.substring(0, all.length() - 1).split("\0", -1));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/cmdline: " + e.getMessage(), e);
        }
    }

    /**
     * What the JVM reads after it starts, read-only: the JDK unless it is under /usr (bound anyway), the JVM
     * argument files (@jvm.flags), the jar and its lib/ (the manifest's Class-Path), an AOT cache.
     */
    static void runtime(SandboxPlan plan, List<String> command) {
        Path javaHome = Path.of(System.getProperty("java.home"));
        if (!javaHome.startsWith("/usr")) plan.bind(SandboxPlan.Kind.RO, javaHome);
        for (int i = 1; i < command.size(); i++) {
            String a = command.get(i);
            if (a.startsWith("@")) {
                plan.bind(SandboxPlan.Kind.RO, Path.of(a.substring(1)));
            } else if (a.startsWith("-XX:AOTCache=")) {
                plan.bind(SandboxPlan.Kind.RO, Path.of(a.substring("-XX:AOTCache=".length())));
            } else if (a.equals("-jar") && i + 1 < command.size()) {
                Path jar = Path.of(command.get(i + 1));
                plan.bind(SandboxPlan.Kind.RO, jar);
                Path lib = jar.toAbsolutePath().resolveSibling("lib");
                if (Files.isDirectory(lib)) plan.bind(SandboxPlan.Kind.RO, lib);
                return; // what follows is the command's own arguments
            }
        }
    }

    /**
     * Removes this JVM's perf-data file (/tmp/hsperfdata_USER/PID): a JVM removes it when it exits, which an exec
     * skips, and the pid lives on in the stage script, so no later JVM would take it for stale.
     */
    private static void forgetPerfData() {
        try {
            Files.deleteIfExists(Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"),
                    Long.toString(ProcessHandle.current().pid())));
        } catch (IOException | RuntimeException e) {
            // only a stale file left behind
        }
    }

    /** Marks every fd from 3 up close-on-exec except {@code keep}, which are cleared of it (an fd this JVM opened). */
    private static void closeOnExecAllBut(int... keep) {
        int[] k = keep.clone();
        Arrays.sort(k);
        int from = 3;
        for (int fd : k) {
            if (fd < from) continue;
            int rc = Fds.fcntlRaw(fd, FcntlH.F_SETFD, 0);
            if (rc < 0) throw new IllegalStateException("fcntl(" + fd + ", F_SETFD, 0): " + Errno.name(-rc));
            if (fd > from) closeOnExec(from, fd - 1);
            from = fd + 1;
        }
        closeOnExec(from, -1); // -1: ~0U, the highest fd
    }

    private static void closeOnExec(int first, int last) {
        int rc = Fds.closeRangeRaw(first, last, Fds.CLOSE_RANGE_CLOEXEC);
        if (rc < 0) throw new IllegalStateException("close_range(" + first + ", " + last + ", CLOEXEC): "
                + Errno.name(-rc));
    }
}
