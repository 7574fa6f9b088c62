package io.jvirtiod.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Makes the JDK do, before the filter, what it otherwise does lazily with calls the allowlist refuses (stat,
 * readlink on every component of a path it canonicalizes, socket), each measured in vduse-blk in the test guest:
 * the first FileChannel (its in-flight log, at DRIVER_OK) loads libnet and libnio and probes for IPv6; the first
 * System.Logger, which Runtime.exit asks for on SIGTERM, reads the JDK's conf/logging.properties (vduse-blk
 * configures no logging, so that was on its SIGTERM handler thread, which the filter killed).
 */
final class JdkPreload {
    private JdkPreload() {}

    static void beforeTheFilter() {
        try (FileChannel ch = FileChannel.open(Path.of("/proc/self/stat"))) {
            ch.size();
        } catch (IOException e) {
            throw new UncheckedIOException("preloading java.nio's native libraries before the seccomp filter", e);
        }
        System.getLogger("java.lang.Runtime").isLoggable(System.Logger.Level.DEBUG); // as Runtime.exit asks
    }
}
