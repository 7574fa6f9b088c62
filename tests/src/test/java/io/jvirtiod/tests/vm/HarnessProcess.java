package io.jvirtiod.tests.vm;

import io.jvirtiod.testsupport.Require;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the tests/vm scripts to completion and tells a command that ran in the guest apart from a harness
 * that failed: the scripts write the guest command's exit code to GUEST_RESULT_FILE only when the guest reported
 * one, so a command exiting 125 is not mistaken for a guest that never booted.
 */
final class HarnessProcess {
    /** Beyond the guest's own GUEST_TIMEOUT: setup checks, QEMU start and stop, daemon shutdown. */
    private static final Duration GRACE = Duration.ofSeconds(60);

    private HarnessProcess() {}

    static GuestResult run(List<String> command, Map<String, String> env, Duration guestTimeout) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("jvirtiod-guest");
            Path out = dir.resolve("out"), log = dir.resolve("log"), rc = dir.resolve("rc");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(Require.projectRoot().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(log.toFile());
            pb.environment().putAll(env);
            pb.environment().put("GUEST_TIMEOUT", Long.toString(Math.max(1, guestTimeout.toSeconds())));
            pb.environment().put("GUEST_RESULT_FILE", rc.toString());
            Process p = pb.start();
            if (!p.waitFor(guestTimeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
                throw new IllegalStateException("guest harness still running after " + guestTimeout.plus(GRACE)
                        + ": " + command + "\n" + Files.readString(log));
            }
            String output = Files.readString(out), harnessLog = Files.readString(log);
            String reported = Files.exists(rc) ? Files.readString(rc).strip() : "";
            if (reported.isEmpty()) {
                throw new IllegalStateException("the guest reported no exit code (harness exit " + p.exitValue()
                        + ", timeout " + guestTimeout + "): " + command + "\n--- output\n" + output
                        + "--- harness log\n" + harnessLog);
            }
            return new GuestResult(Integer.parseInt(reported), output, harnessLog);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } finally {
            if (dir != null) deleteQuietly(dir);
        }
    }

    /** Deletes a temporary file, or a directory of files; one left behind is harmless. */
    static void deleteQuietly(Path path) {
        try {
            if (Files.isDirectory(path)) {
                try (var files = Files.list(path)) {
                    for (Path f : files.toList()) Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // harmless
        }
    }
}
