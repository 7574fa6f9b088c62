package io.jvirtiod.kata;

import io.jvirtiod.fs.passthrough.CacheMode;
import io.jvirtiod.fs.passthrough.XattrMap;
import io.jvirtiod.sandbox.SeccompMode;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The options of a virtio-fs daemon as Kata (and a user of virtiofsd) gives them, once parsed and checked by
 * {@link VirtiofsdCommandLine}. Exactly one of {@link #socketPath} and {@link #listenFd} is present unless
 * {@link #printCapabilities} is set.
 */
public record VirtiofsdOptions(
        Optional<Path> socketPath,       // --socket-path: the daemon creates and listens on this UNIX socket
        OptionalInt listenFd,            // --fd=N: an already listening socket inherited from Kata (fd 3)
        Optional<String> socketGroup,    // --socket-group: group owning a socket the daemon creates (mode 0770)
        Optional<Path> sharedDir,        // --shared-dir / -o source=: the host directory served
        CacheMode cache,                 // --cache / -o cache=
        int threadPoolSize,              // --thread-pool-size: N threads serve every queue; 0: each queue's thread
        boolean announceSubmounts,       // --announce-submounts / -o announce_submounts
        InodeFileHandles inodeFileHandles, // --inode-file-handles
        boolean xattr,                   // --xattr / -o xattr, or implied by an xattr map
        Optional<XattrMap> xattrMap,     // --xattrmap / -o xattrmap=: else XattrMap.DEFAULT
        boolean posixLocks,              // -o posix_lock / no_posix_lock (default, as virtiofsd's)
        boolean flock,                   // -o flock / no_flock
        boolean writeback,               // --writeback / -o writeback
        boolean readdirplus,             // --no-readdirplus / -o [no_]readdirplus; off by default with cache never
        boolean allowDirectIo,           // --allow-direct-io / -o allow_direct_io
        OptionalLong timeoutNanos,       // -o timeout=SECONDS: entry/attr timeouts, else the cache mode's
        boolean killprivV2,              // --killpriv-v2 / -o killpriv_v2
        Sandbox sandbox,                 // --sandbox / -o sandbox=
        boolean syslog,                  // --syslog: log to syslog instead of stderr
        LogLevel logLevel,               // --log-level / -o log_level= / -d
        boolean printCapabilities,       // --print-capabilities: print the vhost-user backend JSON and exit
        OptionalInt rlimitNofile,        // --rlimit-nofile
        long inodeLimit,                 // --inode-limit (jvirtiod's own), else no limit
        SeccompMode seccomp) {           // --seccomp: what a call outside the allowlist does (default kill)

    /** How inodes are held: file handles instead of O_PATH fds (virtiofsd's --inode-file-handles). */
    public enum InodeFileHandles {
        NEVER, PREFER, MANDATORY;

        static final class Spelled extends Spelling<InodeFileHandles> {
            Spelled() {
                super(InodeFileHandles.class, "an inode file handles mode");
            }
        }
    }

    /** How the daemon confines itself (virtiofsd's --sandbox). */
    public enum Sandbox {
        NAMESPACE, CHROOT, NONE;

        /** Why chroot is refused; said by every command that takes --sandbox. */
        public static final String CHROOT_REFUSED = "--sandbox=chroot is not supported by jvirtiod: virtiofsd "
                + "chroots into the shared directory, but a JVM loads classes and libraries by path after it starts, "
                + "so it cannot live there; use --sandbox=namespace (the default) or none";

        static final class Spelled extends Spelling<Sandbox> {
            Spelled() {
                super(Sandbox.class, "a sandbox mode");
            }
        }
    }

    public enum LogLevel {
        ERROR, WARN, INFO, DEBUG, TRACE, OFF;

        /** Also the C virtiofsd's {@code -o log_level=err}. */
        static final class Spelled extends Spelling<LogLevel> {
            Spelled() {
                super(LogLevel.class, "a log level");
            }

            @Override
            public LogLevel convert(String value) {
                return value.equals("err") ? ERROR : super.convert(value);
            }
        }
    }
}
