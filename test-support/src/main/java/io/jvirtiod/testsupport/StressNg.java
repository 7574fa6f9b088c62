package io.jvirtiod.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * stress-ng's file-system stressors with --verify in a directory (a mount under test), one instance each, as the
 * file-system tests run them. stress-ng can print "fail:" and still exit 0, so its log is read as well as its
 * status.
 */
public final class StressNg {
    private StressNg() {}

    /** The stressors that exercise a file system's semantics (fiemap, inotify and the like are not FUSE's). */
    public static final List<String> FILE_SYSTEM_STRESSORS = List.of("access", "chdir", "chmod", "chown",
            "copy-file", "dentry", "dir", "dirdeep", "dirmany", "dup", "fallocate", "fcntl", "filename", "flock",
            "fpunch", "fstat", "getdent", "hdd", "io", "iomix", "lease", "link", "locka", "lockf", "lockofd", "mknod",
            "open", "rename", "symlink", "sync-file", "touch", "utime", "xattr");

    /**
     * Runs every stressor for {@code seconds} in {@code dir}, the open stressor holding at most {@code openMax}
     * files, fails the test on any failure, and returns stress-ng's log.
     */
    public static String runAndCheck(Path stressNg, Path dir, int seconds, long openMax)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(stressNg.toString(), "--timeout", String.valueOf(seconds),
                "--verify", "--temp-path", dir.toString(), "--metrics-brief", "--open-max", String.valueOf(openMax)));
        for (String s : FILE_SYSTEM_STRESSORS) {
            cmd.add("--" + s);
            cmd.add("1");
        }
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "stress-ng did not finish");
        String log = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "stress-ng failed:\n" + log);
        assertFalse(log.contains("fail:") || log.contains("FAIL"), "stress-ng reported a failure:\n" + log);
        assertTrue(log.contains("successful run completed"), log);
        return log;
    }
}
