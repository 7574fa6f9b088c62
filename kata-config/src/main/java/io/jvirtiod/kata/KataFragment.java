package io.jvirtiod.kata;

import io.jvirtiod.fs.passthrough.CacheMode;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Generates the {@code [hypervisor.NAME]} settings (qemu by default) that make Kata use jvirtiod as its virtio-fs daemon. Kata
 * executes {@code virtio_fs_daemon} with virtiofsd's arguments, so the daemon path is the {@code jvirtiod-virtiofsd}
 * entry point (the launcher run under that name serves vhost-user-fs with a virtiofsd command line).
 */
public record KataFragment(String hypervisor, String daemonPath, CacheMode cache, int queueSize,
                           List<String> extraArgs) {

    /** QEMU's vhost-user-fs-pci accepts queue sizes up to 1024 (VIRTQUEUE_MAX_SIZE). */
    public static final int MAX_QUEUE_SIZE = 1024;

    /** Kata's defaults for virtiofsd, which jvirtiod keeps unless told otherwise. */
    public static final List<String> DEFAULT_EXTRA_ARGS = List.of("--thread-pool-size=1", "--announce-submounts");

    public KataFragment {
        if (!hypervisor.matches("[a-z0-9-]+")) throw new IllegalArgumentException("invalid hypervisor name '" + hypervisor + "'");
        if (!daemonPath.startsWith("/")) throw new IllegalArgumentException("daemon path must be absolute: '" + daemonPath + "'");
        if (queueSize < 1 || queueSize > MAX_QUEUE_SIZE || Integer.bitCount(queueSize) != 1) {
            throw new IllegalArgumentException("virtio_fs_queue_size must be a power of two up to " + MAX_QUEUE_SIZE
                    + " (got " + queueSize + ")");
        }
        extraArgs = List.copyOf(extraArgs);
    }

    public static KataFragment defaults(String daemonPath) {
        return new KataFragment("qemu", daemonPath, CacheMode.AUTO, MAX_QUEUE_SIZE, DEFAULT_EXTRA_ARGS);
    }

    /** The TOML text, to merge into configuration.toml. */
    public String toToml() {
        return "# jvirtiod as the virtio-fs daemon of Kata Containers.\n"
                + "# Merge these keys into the [hypervisor." + hypervisor + "] table of configuration.toml.\n"
                + "[hypervisor." + hypervisor + "]\n"
                + "shared_fs = \"virtio-fs\"\n"
                + "virtio_fs_daemon = " + quote(daemonPath) + "\n"
                + "valid_virtio_fs_daemon_paths = [" + quote(daemonPath) + "]\n"
                + "virtio_fs_cache = " + quote(cache.toString()) + "\n"
                + "virtio_fs_cache_size = 0\n"
                + "virtio_fs_queue_size = " + queueSize + "\n"
                + "virtio_fs_extra_args = ["
                + extraArgs.stream().map(KataFragment::quote).collect(Collectors.joining(", ")) + "]\n";
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
