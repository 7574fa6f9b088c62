package io.jvirtiod.testsupport;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Preconditions of tests that need something from the machine (gcc, root, /dev/fuse, QEMU). Locally an
 * unmet one skips the test with its reason; under {@code CI=true} it fails, so CI can never pass by skipping.
 */
public final class Require {
    private Require() {}

    /** True when running under CI (environment variable CI=true). */
    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips (locally) or fails (under CI) unless {@code condition} holds, giving {@code reason}. */
    public static void that(boolean condition, String reason) {
        if (condition) return;
        if (ci()) Assertions.fail("required under CI=true but unavailable: " + reason);
        Assumptions.abort("skipped: " + reason);
    }

    /** Running as root (uid 0), read from /proc/self/status. */
    public static void root() {
        that(isRoot(), "needs root (uid 0)");
    }

    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.split("\\s+")[1].equals("0");
            }
        } catch (java.io.IOException e) {
            return false;
        }
        return false;
    }

    /**
     * Ensures the command {@code command} exists, installing Debian package {@code pkg} with apt-get when it does
     * not and we are root (so that {@code ./mvnw -q verify} alone works on a fresh machine, and CI too). Skips
     * locally / fails under CI when it still cannot be had. Returns the command's path.
     */
    public static Path command(String command, String pkg) {
        Path found = which(command);
        if (found == null && isRoot() && which("apt-get") != null) {
            AptGet.install(pkg);
            found = which(command);
        }
        that(found != null, "needs '" + command + "' (Debian package " + pkg + "); apt-get install " + pkg);
        return found;
    }

    /**
     * Ensures the file {@code file} exists (a program outside PATH, such as /usr/lib/qemu/virtiofsd), installing
     * Debian package {@code pkg} as {@link #command} does. Skips locally / fails under CI when it cannot be had.
     */
    public static Path file(Path file, String pkg) {
        if (!Files.exists(file) && isRoot() && which("apt-get") != null) AptGet.install(pkg);
        that(Files.exists(file), "needs " + file + " (Debian package " + pkg + "); apt-get install " + pkg);
        return file;
    }

    /** The first executable named {@code command} on PATH (or /usr/sbin, /sbin), or null. */
    public static Path which(String command) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    /** The project root, as surefire passes it (JVIRTIOD_PROJECT_ROOT), else the nearest folder with mvnw. */
    public static Path projectRoot() {
        String env = System.getenv("JVIRTIOD_PROJECT_ROOT");
        if (env != null && !env.isBlank()) return Path.of(env);
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("cannot find the project root (no mvnw above " + Path.of("").toAbsolutePath() + ")");
        return p;
    }
}
