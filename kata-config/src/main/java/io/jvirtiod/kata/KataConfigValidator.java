package io.jvirtiod.kata;

import io.jvirtiod.fs.passthrough.CacheMode;
import picocli.CommandLine.ParameterException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a Kata configuration.toml against what jvirtiod supports: for every {@code [hypervisor.*]} table that
 * names jvirtiod as its virtio-fs daemon (or all of them, when asked), the shared file system type, the daemon
 * path allow-list, the cache mode, the queue size, and the exact command line Kata would run — parsed by the
 * same {@link VirtiofsdCommandLine} the daemon uses, so what passes here is what the daemon accepts.
 */
public final class KataConfigValidator {
    private KataConfigValidator() {}

    /** One finding: the table it concerns and what is wrong. */
    public record Finding(String table, String problem) {
        @Override
        public String toString() {
            return "[" + table + "] " + problem;
        }
    }

    /**
     * Validates {@code toml}. With {@code daemonPathHint} null every hypervisor table with {@code shared_fs =
     * "virtio-fs"} is checked; otherwise only those whose {@code virtio_fs_daemon} equals it.
     */
    @SuppressWarnings("unchecked")
    public static List<Finding> validate(String toml, String daemonPathHint) throws TomlReader.TomlException {
        Map<String, Object> doc = TomlReader.parse(toml);
        List<Finding> findings = new ArrayList<>();
        Object hv = doc.get("hypervisor");
        if (!(hv instanceof Map<?, ?> hypervisors) || hypervisors.isEmpty()) {
            findings.add(new Finding("hypervisor", "no [hypervisor.NAME] table in the configuration"));
            return findings;
        }
        int checked = 0;
        for (Map.Entry<?, ?> e : hypervisors.entrySet()) {
            String table = "hypervisor." + e.getKey();
            if (!(e.getValue() instanceof Map<?, ?> raw)) continue;
            Map<String, Object> t = (Map<String, Object>) raw;
            Object daemon = t.get("virtio_fs_daemon");
            if (daemonPathHint != null && !daemonPathHint.equals(daemon)) continue;
            if (daemonPathHint == null && !"virtio-fs".equals(t.get("shared_fs"))) continue;
            checked++;
            check(table, t, findings);
        }
        if (checked == 0) {
            findings.add(new Finding("hypervisor", daemonPathHint == null
                    ? "no hypervisor table sets shared_fs = \"virtio-fs\""
                    : "no hypervisor table names " + daemonPathHint + " as virtio_fs_daemon"));
        }
        return findings;
    }

    private static void check(String table, Map<String, Object> t, List<Finding> out) {
        Object sharedFs = t.get("shared_fs");
        if (!"virtio-fs".equals(sharedFs)) {
            out.add(new Finding(table, "shared_fs is " + show(sharedFs) + "; jvirtiod serves \"virtio-fs\""));
        }
        Object daemon = t.get("virtio_fs_daemon");
        if (!(daemon instanceof String path) || !path.startsWith("/")) {
            out.add(new Finding(table, "virtio_fs_daemon must be an absolute path (is " + show(daemon) + ")"));
        } else {
            Object valid = t.get("valid_virtio_fs_daemon_paths");
            if (valid instanceof List<?> list && !list.isEmpty() && !list.contains(path)) {
                out.add(new Finding(table, "virtio_fs_daemon " + path
                        + " is not in valid_virtio_fs_daemon_paths " + show(valid) + ": Kata will refuse it"));
            }
        }
        String cache = "auto";
        Object c = t.get("virtio_fs_cache");
        if (c != null) {
            if (c instanceof String s) {
                try {
                    cache = CacheMode.parse(s).toString();
                } catch (IllegalArgumentException bad) {
                    out.add(new Finding(table, "virtio_fs_cache: " + bad.getMessage()));
                }
            } else {
                out.add(new Finding(table, "virtio_fs_cache must be a string (is " + show(c) + ")"));
            }
        }
        Object q = t.get("virtio_fs_queue_size");
        if (q != null) {
            if (!(q instanceof Long n) || n < 1 || n > KataFragment.MAX_QUEUE_SIZE || Long.bitCount(n) != 1) {
                out.add(new Finding(table, "virtio_fs_queue_size must be a power of two up to "
                        + KataFragment.MAX_QUEUE_SIZE + " (is " + show(q) + ")"));
            }
        }
        Object cacheSize = t.get("virtio_fs_cache_size");
        if (cacheSize instanceof Long size && size != 0) {
            out.add(new Finding(table, "virtio_fs_cache_size is " + size
                    + " MiB: jvirtiod does not serve a DAX window; set it to 0"));
        }
        List<String> args = new ArrayList<>(List.of("--syslog", "--cache=" + cache,
                "--shared-dir=/run/kata-containers/shared", "--fd=3"));
        Object extra = t.get("virtio_fs_extra_args");
        if (extra != null) {
            if (extra instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
                list.forEach(a -> args.add((String) a));
            } else {
                out.add(new Finding(table, "virtio_fs_extra_args must be an array of strings (is " + show(extra)
                        + ")"));
            }
        }
        try {
            VirtiofsdCommandLine.parse(args);
        } catch (ParameterException bad) {
            out.add(new Finding(table, "the daemon command line Kata would run is rejected: " + bad.getMessage()));
        }
    }

    private static String show(Object v) {
        if (v == null) return "unset";
        if (v instanceof String s) return KataFragment.quote(s);
        return v.toString();
    }
}
