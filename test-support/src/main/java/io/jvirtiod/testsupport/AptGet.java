package io.jvirtiod.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Installs Debian packages a test needs, by name, with the ordinary apt client. Runs {@code apt-get update} at most
 * once per JVM. Serialised: two suites asking at once would collide on dpkg's lock.
 */
final class AptGet {
    private AptGet() {}

    private static boolean updated;

    static synchronized void install(String... packages) {
        try {
            if (!updated) {
                run(List.of("apt-get", "update", "-q"));
                updated = true;
            }
            List<String> cmd = new ArrayList<>(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends"));
            cmd.addAll(List.of(packages));
            run(cmd);
        } catch (IOException e) {
            System.err.println("apt-get failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
            String text = new String(out, StandardCharsets.UTF_8);
            throw new IOException(String.join(" ", cmd) + " failed:\n" + text.substring(Math.max(0, text.length() - 2000)));
        }
    }
}
