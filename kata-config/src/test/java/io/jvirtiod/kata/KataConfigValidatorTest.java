package io.jvirtiod.kata;

import io.jvirtiod.fs.passthrough.CacheMode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KataConfigValidatorTest {

    private static String sample(String name) throws IOException {
        try (InputStream in = KataConfigValidatorTest.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aStockQemuConfigurationNamingJvirtiodIsValid() throws Exception {
        assertEquals(List.of(), KataConfigValidator.validate(sample("configuration-qemu-jvirtiod.toml"), null));
    }

    @Test
    void aConfigurationWrittenForTheCDaemonIsValidToo() throws Exception {
        assertEquals(List.of(), KataConfigValidator.validate(sample("configuration-legacy-c-virtiofsd.toml"), null));
    }

    @Test
    void everyWrongSettingIsReported() throws Exception {
        List<String> problems = KataConfigValidator.validate(sample("configuration-broken.toml"), null)
                .stream().map(Object::toString).toList();
        assertEquals(5, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains("is not in valid_virtio_fs_daemon_paths"), problems::toString);
        assertTrue(problems.get(1).contains("virtio_fs_cache: 'sometimes' is not a cache mode"), problems::toString);
        assertTrue(problems.get(2).contains("virtio_fs_queue_size must be a power of two up to 1024 (is 1000)"), problems::toString);
        assertTrue(problems.get(3).contains("virtio_fs_cache_size is 1024 MiB"), problems::toString);
        assertTrue(problems.get(4).contains("rejected: unknown option '--frobnicate'"), problems::toString);
    }

    @Test
    void aConfigurationWithoutVirtioFsSaysSo() throws Exception {
        List<KataConfigValidator.Finding> f = KataConfigValidator.validate("[hypervisor.qemu]\nshared_fs = \"virtio-9p\"\n", null);
        assertEquals("[hypervisor] no hypervisor table sets shared_fs = \"virtio-fs\"", f.get(0).toString());
        List<KataConfigValidator.Finding> g = KataConfigValidator.validate(
                "[hypervisor.qemu]\nshared_fs = \"virtio-9p\"\nvirtio_fs_daemon = \"/j\"\n", "/j");
        assertEquals("[hypervisor.qemu] shared_fs is \"virtio-9p\"; jvirtiod serves \"virtio-fs\"", g.get(0).toString());
    }

    @Test
    void theGeneratedFragmentValidatesAndRoundTrips() throws Exception {
        KataFragment f = new KataFragment("qemu", "/usr/local/bin/jvirtiod-virtiofsd", CacheMode.METADATA, 512,
                List.of("--thread-pool-size=4", "--xattr", "-o", "announce_submounts"));
        String toml = f.toToml();
        assertEquals(List.of(), KataConfigValidator.validate(toml, "/usr/local/bin/jvirtiod-virtiofsd"));
        assertTrue(toml.contains("virtio_fs_cache = \"metadata\"\n"), toml);
        assertTrue(toml.contains("virtio_fs_extra_args = [\"--thread-pool-size=4\", \"--xattr\", \"-o\", \"announce_submounts\"]\n"), toml);
        assertEquals(List.of(), KataConfigValidator.validate(KataFragment.defaults("/opt/j").toToml(), "/opt/j"));
    }

    @Test
    void aFragmentWithImpossibleSettingsCannotBeMade() {
        assertThrows(IllegalArgumentException.class, () -> new KataFragment("qemu", "/j", CacheMode.AUTO, 2048, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new KataFragment("qemu", "relative/j", CacheMode.AUTO, 1024, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new KataFragment("qemu]\nx", "/j", CacheMode.AUTO, 1024, List.of()));
    }
}
