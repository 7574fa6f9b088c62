package io.jvirtiod.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Makes the JDK do, before the filter, what it otherwise does lazily with calls the allowlist refuses. The first
 * FileChannel loads libnet and libnio (stat and readlink on every component of their paths) and probes for IPv6
 * with socket(2): measured in vduse-blk, whose in-flight log is its first FileChannel, at DRIVER_OK.
 */
final class JdkPreload {
    private JdkPreload() {}

    static void beforeTheFilter() {
        try (FileChannel ch = FileChannel.open(Path.of("/proc/self/stat"))) {
            ch.size();
        } catch (IOException e) {
            throw new UncheckedIOException("preloading java.nio's native libraries before the seccomp filter", e);
        }
    }
}
