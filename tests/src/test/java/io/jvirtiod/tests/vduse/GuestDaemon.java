package io.jvirtiod.tests.vduse;

import io.jvirtiod.testsupport.Require;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The jvirtiod daemon as guest tests run it: the launcher on the reactor's daemon/target/jvirtiod.jar (the guest sees
 * the host's root), with a JDK AOT cache trained on the host by a {@code --dry-run}. Why the cache: under TCG the JVM's own
 * start dominates a restart, and the SIGKILL drill restarts the daemon twenty times.
 *
 * <p>The cache holds classes and profiles only, no machine code: JDK 25 also stores i2c/c2i adapters generated
 * for the training CPU and (before 25.0.5, JDK-8388703) runs them on any CPU without checking its features. The
 * host has AVX-512 and QEMU's TCG CPU does not, and such adapters crashed the daemon in the guest with SIGSEGV
 * a few seconds after a restart, intermittently (the SIGKILL drill's "restart N died").
 */
final class GuestDaemon {
    /** Keeps machine code out of the AOT cache, at training and at use (see the class comment). */
    static final List<String> NO_AOT_CODE = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTAdapterCaching",
            "-XX:-AOTStubCaching");
    private static String options;

    private GuestDaemon() {}

    static Path jar() {
        return Require.projectRoot().resolve("daemon/target/jvirtiod.jar");
    }

    /** JVM options for the guest daemon (JVIRTIOD_JAVA_OPTS); requires the built jar. */
    static synchronized String javaOptions() throws IOException, InterruptedException {
        if (options != null) return options;
        Require.that(Files.isRegularFile(jar()), "the daemon jar is not built (" + jar() + "): ./mvnw -pl daemon -am package");
        Path target = Require.projectRoot().resolve("tests/target");
        Files.createDirectories(target);
        Path aot = target.resolve("jvirtiod-guest.aot");
        Path img = target.resolve("aot-training.img");
        Files.deleteIfExists(aot);
        try (var ch = java.nio.channels.FileChannel.open(img, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.allocate(1), (1 << 20) - 1);
        }
        ProcessBuilder training = new ProcessBuilder(Require.projectRoot().resolve("jvirtiod").toString(), "vduse-blk",
                "--name", "aot-training", "--file", img.toString(), "--queues", "2", "--dry-run");
        training.environment().put("JVIRTIOD_NO_BUILD", "1");
        training.environment().put("JVIRTIOD_JAVA_OPTS", String.join(" ", NO_AOT_CODE) + " -XX:AOTCacheOutput=" + aot);
        Process p = training.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) p.destroyForcibly();
        options = done && p.exitValue() == 0 && Files.isRegularFile(aot)
                ? String.join(" ", NO_AOT_CODE) + " -XX:AOTCache=" + aot : "";
        return options;
    }
}
