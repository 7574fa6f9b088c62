package io.jvirtiod.tests.virtiofs;

import io.jvirtiod.testsupport.Require;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Kata execs {@code virtio_fs_daemon} with virtiofsd's arguments and no subcommand: the launcher, installed under
 * the daemon's name (a symlink, as /usr/local/bin/jvirtiod-virtiofsd), must act as {@code jvirtiod virtiofsd}.
 */
class KataDaemonNameTest {
    @TempDir
    Path bin;

    private record Run(int status, String out, String err) {}

    private Run launch(String name, String... args) throws IOException, InterruptedException {
        Path link = Files.createSymbolicLink(bin.resolve(name), Require.projectRoot().resolve("jvirtiod"));
        ProcessBuilder pb = new ProcessBuilder(new java.util.ArrayList<>(List.of(link.toString())));
        pb.command().addAll(List.of(args));
        pb.environment().put("JVIRTIOD_NO_BUILD", "1");
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the launcher run as " + name + " did not finish in 60 s");
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jvirtiod-virtiofsd", "virtiofsd"})
    void underTheDaemonsNamePrintCapabilitiesAnswersAsAVhostUserFsBackend(String name) throws Exception {
        Run r = launch(name, "--print-capabilities");
        assertEquals(0, r.status(), r.err());
        assertEquals("{\n  \"type\": \"fs\"\n}\n", r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jvirtiod-virtiofsd", "virtiofsd"})
    void underTheDaemonsNameAnUnknownOptionIsOneLineAndStatusTwo(String name) throws Exception {
        Run r = launch(name, "--fd=3", "--shared-dir=/tmp", "--no-such-option");
        assertEquals(2, r.status());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("--no-such-option"), r.err());
    }
}
