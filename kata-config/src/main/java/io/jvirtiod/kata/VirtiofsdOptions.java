package io.jvirtiod.kata;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The options of a virtio-fs daemon as Kata (and a user of virtiofsd) gives them, once parsed and checked by
 * {@link VirtiofsdCommandLine}. Exactly one of {@link #socketPath} and {@link #listenFd} is present unless
 * {@link #printCapabilities} is set.
 */
public record VirtiofsdOptions(
        Optional<Path> socketPath,       // --socket-path: the daemon creates and listens on this UNIX socket
        OptionalInt listenFd,            // --fd=N: an already listening socket inherited from Kata (fd 3)
        Optional<String> socketGroup,    // --socket-group: group owning a socket the daemon creates
        Optional<Path> sharedDir,        // --shared-dir / -o source=: the host directory served
        CacheMode cache,                 // --cache / -o cache=
        int threadPoolSize,              // --thread-pool-size: 0 handles requests on the queue threads
        boolean announceSubmounts,       // --announce-submounts / -o announce_submounts
        InodeFileHandles inodeFileHandles, // --inode-file-handles
        boolean xattr,                   // --xattr / -o xattr
        boolean posixLocks,              // -o posix_lock (default on) / no_posix_lock
        boolean flock,                   // -o flock / no_flock
        boolean writeback,               // --writeback / -o writeback
        boolean readdirplus,             // default on; --no-readdirplus / -o no_readdirplus
        boolean allowDirectIo,           // --allow-direct-io / -o allow_direct_io
        boolean killprivV2,              // --killpriv-v2 / -o killpriv_v2
        Sandbox sandbox,                 // --sandbox / -o sandbox=
        boolean syslog,                  // --syslog: log to syslog instead of stderr
        LogLevel logLevel,               // --log-level / -o log_level= / -d
        boolean printCapabilities,       // --print-capabilities: print the vhost-user backend JSON and exit
        OptionalInt rlimitNofile) {      // --rlimit-nofile

    /** How inodes are held: file handles instead of O_PATH fds (virtiofsd's --inode-file-handles). */
    public enum InodeFileHandles {
        NEVER, PREFER, MANDATORY;

        static InodeFileHandles parse(String s) {
            return switch (s) {
                case "never" -> NEVER;
                case "prefer" -> PREFER;
                case "mandatory" -> MANDATORY;
                default -> throw new IllegalArgumentException(
                        "invalid --inode-file-handles '" + s + "' (expected never, prefer or mandatory)");
            };
        }
    }

    /** How the daemon confines itself (virtiofsd's --sandbox). */
    public enum Sandbox {
        NAMESPACE, CHROOT, NONE;

        static Sandbox parse(String s) {
            return switch (s) {
                case "namespace" -> NAMESPACE;
                case "chroot" -> CHROOT;
                case "none" -> NONE;
                default -> throw new IllegalArgumentException(
                        "invalid sandbox '" + s + "' (expected namespace, chroot or none)");
            };
        }
    }

    public enum LogLevel {
        ERROR, WARN, INFO, DEBUG, TRACE, OFF;

        static LogLevel parse(String s) {
            return switch (s) {
                case "error", "err" -> ERROR;
                case "warn", "warning" -> WARN;
                case "info" -> INFO;
                case "debug" -> DEBUG;
                case "trace" -> TRACE;
                case "off" -> OFF;
                default -> throw new IllegalArgumentException(
                        "invalid log level '" + s + "' (expected error, warn, info, debug, trace or off)");
            };
        }
    }
}
