package io.jvirtiod.tests.vm;

import io.jvirtiod.testsupport.Require;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs a shell script in jvirtiod's QEMU guest (tests/vm/guest.sh): a 6.12 kernel with VDUSE and virtio-fs,
 * which the host kernel may not have. The guest sees the host's root read-only at the same paths (host
 * binaries, the project tree) and the given directories read-write, so a test reads the guest's results there.
 *
 * <p>The first use in a JVM prepares the harness ({@code guest.sh setup}: apt packages, the kernel, the
 * initramfs; cached under tests/vm/work), so a fresh machine and CI need nothing beforehand.
 */
public final class Guest {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(20);
    private static String setupFailure; // null until setup ran; "" when it succeeded
    private static String kernelRelease;

    private Guest() {}

    /** tests/vm of this checkout. */
    public static Path vmDir() {
        return Require.projectRoot().resolve("tests/vm");
    }

    /** The harness cache: VM_WORK when set, else tests/vm/work (gitignored). */
    public static Path workDir() {
        String env = System.getenv("VM_WORK");
        return env != null && !env.isBlank() ? Path.of(env) : vmDir().resolve("work");
    }

    /**
     * Prepares the harness once per JVM and requires it: skips locally, fails under CI=true, with the reason
     * (e.g. apt could not install QEMU, the kernel could not be fetched).
     */
    public static void require() {
        String failure = setup();
        Require.that(failure.isEmpty(), "the QEMU guest harness is not available: " + failure);
    }

    /** The guest's kernel release (e.g. 6.12.x+debNN-amd64); only after {@link #require()}. */
    public static synchronized String kernelRelease() {
        if (kernelRelease == null) throw new IllegalStateException("Guest.require() first");
        return kernelRelease;
    }

    /**
     * Boots a guest, runs {@code script} with bash as root (cwd: the project root; stdin: /dev/null), powers
     * off. {@code env} is exported to the script; {@code rwDirs} are host directories mounted read-write at the
     * same path. Returns the script's exit code and output; throws when the guest reported no exit code (did not
     * boot, or ran out of {@code timeout}, which covers the whole boot).
     */
    public static GuestResult run(String script, Duration timeout, Map<String, String> env, List<Path> rwDirs) {
        require();
        Map<String, String> pass = new LinkedHashMap<>(env);
        StringJoiner names = new StringJoiner(" ");
        for (String name : env.keySet()) {
            if (!ENV_NAME.matcher(name).matches()) throw new IllegalArgumentException("bad variable name: " + name);
            names.add(name);
        }
        pass.put("GUEST_PASS_ENV", names.toString());
        List<String> dirs = new ArrayList<>();
        for (Path d : rwDirs) {
            String s = d.toAbsolutePath().toString();
            if (s.contains(":")) throw new IllegalArgumentException("a read-write directory cannot contain ':': " + s);
            dirs.add(s);
        }
        pass.put("GUEST_RW_DIRS", String.join(":", dirs));
        return HarnessProcess.run(List.of("bash", vmDir().resolve("guest.sh").toString(), "run", script),
                pass, timeout);
    }

    /** {@link #run(String, Duration, Map, List)} with no environment and no read-write directory. */
    public static GuestResult run(String script, Duration timeout) {
        return run(script, timeout, Map.of(), List.of());
    }

    /** Runs guest.sh setup once; returns "" on success, else why it failed. */
    private static synchronized String setup() {
        if (setupFailure != null) return setupFailure;
        setupFailure = doSetup();
        return setupFailure;
    }

    private static String doSetup() {
        if (!System.getProperty("os.arch").equals("amd64") || !System.getProperty("os.name").equals("Linux")) {
            return "needs Linux on x86_64 (QEMU TCG guest with Debian's amd64 kernel)";
        }
        Path log = null;
        try {
            log = Files.createTempFile("jvirtiod-guest-setup", ".log");
            Process p = new ProcessBuilder("bash", vmDir().resolve("guest.sh").toString(), "setup")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(SETUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
                return "tests/vm/guest.sh setup did not finish within " + SETUP_TIMEOUT;
            }
            if (p.exitValue() != 0) {
                List<String> lines = Files.readAllLines(log);
                return "tests/vm/guest.sh setup exited " + p.exitValue() + ":\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
            }
            kernelRelease = Files.readString(workDir().resolve("kernel/ready")).strip();
            return "";
        } catch (IOException e) {
            return "cannot run tests/vm/guest.sh setup: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted during tests/vm/guest.sh setup";
        } finally {
            if (log != null) HarnessProcess.deleteQuietly(log);
        }
    }
}
