package io.jvirtiod.kata;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Parses a virtiofsd-compatible command line, so Kata can name jvirtiod as {@code virtio_fs_daemon}. Kata runs
 * {@code DAEMON --syslog --cache=MODE --shared-dir=DIR --fd=3 [--inode-file-handles=M] EXTRA...}, where EXTRA is
 * {@code virtio_fs_extra_args} (by default {@code --thread-pool-size=1 --announce-submounts}; older
 * configurations use the C daemon's {@code -o announce_submounts} form). Both the long options of the Rust
 * virtiofsd and the legacy {@code -o opt[,opt]} forms of QEMU's C virtiofsd are accepted. Anything else is
 * rejected with one line naming the offending argument: a daemon that silently ignores an option would serve a
 * file system other than the one the operator asked for.
 */
public final class VirtiofsdCommandLine {
    private VirtiofsdCommandLine() {}

    /** A command line that cannot be honoured; the message is the one line to print. */
    public static final class InvalidOptionException extends Exception {
        public InvalidOptionException(String message) {
            super(message);
        }
    }

    /** Options virtiofsd knows that jvirtiod deliberately does not implement. */
    private static final List<String> UNSUPPORTED = List.of(
            "--xattrmap", "--posix-acl", "--security-label", "--modcaps", "--seccomp", "--migration-mode",
            "--migration-on-error", "--migration-verify-handles", "--migration-confirm-paths", "--uid-map",
            "--gid-map", "--translate-uid", "--translate-gid", "--preserve-noatime", "--allow-mmap");

    private static final class Builder {
        Optional<Path> socketPath = Optional.empty();
        OptionalInt fd = OptionalInt.empty();
        Optional<String> socketGroup = Optional.empty();
        Optional<Path> sharedDir = Optional.empty();
        CacheMode cache = CacheMode.AUTO;
        int threads = 0;
        boolean announceSubmounts;
        VirtiofsdOptions.InodeFileHandles handles = VirtiofsdOptions.InodeFileHandles.PREFER;
        boolean xattr;
        boolean posixLocks = true;
        boolean flock;
        boolean writeback;
        boolean readdirplus = true;
        boolean directIo;
        boolean killpriv;
        VirtiofsdOptions.Sandbox sandbox = VirtiofsdOptions.Sandbox.NAMESPACE;
        boolean syslog;
        VirtiofsdOptions.LogLevel level = VirtiofsdOptions.LogLevel.INFO;
        boolean printCapabilities;
        OptionalInt rlimit = OptionalInt.empty();
    }

    public static VirtiofsdOptions parse(List<String> args) throws InvalidOptionException {
        Builder b = new Builder();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            try {
                if (arg.equals("-o")) {
                    if (i + 1 >= args.size()) throw new InvalidOptionException("-o needs an option list");
                    legacy(b, args.get(++i));
                    continue;
                }
                if (arg.startsWith("-o") && arg.length() > 2) {
                    legacy(b, arg.substring(2));
                    continue;
                }
                String name = arg;
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                }
                if (takesValue(name) && value == null) {
                    if (i + 1 >= args.size()) throw new InvalidOptionException(name + " needs a value");
                    value = args.get(++i);
                }
                longOption(b, name, value, arg);
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionException(e.getMessage());
            }
        }
        return finish(b);
    }

    private static boolean takesValue(String name) {
        return switch (name) {
            case "--socket-path", "--fd", "--socket-group", "--shared-dir", "--cache", "--thread-pool-size",
                 "--sandbox", "--log-level", "--rlimit-nofile" -> true;
            default -> false;
        };
    }

    private static void longOption(Builder b, String name, String value, String arg) throws InvalidOptionException {
        switch (name) {
            case "--socket-path" -> b.socketPath = Optional.of(Path.of(nonEmpty(name, value)));
            case "--fd" -> b.fd = OptionalInt.of(number(name, value, 0, Integer.MAX_VALUE));
            case "--socket-group" -> b.socketGroup = Optional.of(nonEmpty(name, value));
            case "--shared-dir" -> b.sharedDir = Optional.of(Path.of(nonEmpty(name, value)));
            case "--cache" -> b.cache = CacheMode.parse(value);
            case "--thread-pool-size" -> b.threads = number(name, value, 0, 1024);
            case "--announce-submounts" -> b.announceSubmounts = flag(name, value);
            case "--inode-file-handles" -> b.handles = value == null
                    ? VirtiofsdOptions.InodeFileHandles.PREFER : VirtiofsdOptions.InodeFileHandles.parse(value);
            case "--xattr" -> b.xattr = flag(name, value);
            case "--writeback" -> b.writeback = flag(name, value);
            case "--no-readdirplus" -> b.readdirplus = !flag(name, value);
            case "--allow-direct-io" -> b.directIo = flag(name, value);
            case "--killpriv-v2" -> b.killpriv = flag(name, value);
            case "--no-killpriv-v2" -> b.killpriv = !flag(name, value);
            case "--sandbox" -> b.sandbox = VirtiofsdOptions.Sandbox.parse(value);
            case "--syslog" -> b.syslog = flag(name, value);
            case "--log-level" -> b.level = VirtiofsdOptions.LogLevel.parse(value);
            case "-d", "--debug" -> b.level = VirtiofsdOptions.LogLevel.DEBUG;
            case "-f", "--foreground" -> { /* jvirtiod always runs in the foreground, as Kata expects */ }
            case "--print-capabilities" -> b.printCapabilities = flag(name, value);
            case "--rlimit-nofile" -> b.rlimit = OptionalInt.of(number(name, value, 0, Integer.MAX_VALUE));
            default -> {
                if (UNSUPPORTED.contains(name)) {
                    throw new InvalidOptionException("option " + name + " is not supported by jvirtiod");
                }
                throw new InvalidOptionException("unknown option '" + arg + "'");
            }
        }
    }

    /** The C virtiofsd's {@code -o a,b=c} options. */
    private static void legacy(Builder b, String list) throws InvalidOptionException {
        for (String opt : list.split(",")) {
            if (opt.isEmpty()) continue;
            int eq = opt.indexOf('=');
            String key = eq < 0 ? opt : opt.substring(0, eq);
            String value = eq < 0 ? null : opt.substring(eq + 1);
            switch (key) {
                case "source" -> b.sharedDir = Optional.of(Path.of(nonEmpty("-o source", value)));
                case "cache" -> b.cache = CacheMode.parse(nonEmpty("-o cache", value));
                case "xattr" -> b.xattr = true;
                case "no_xattr" -> b.xattr = false;
                case "announce_submounts" -> b.announceSubmounts = true;
                case "posix_lock" -> b.posixLocks = true;
                case "no_posix_lock" -> b.posixLocks = false;
                case "flock" -> b.flock = true;
                case "no_flock" -> b.flock = false;
                case "writeback" -> b.writeback = true;
                case "no_writeback" -> b.writeback = false;
                case "readdirplus" -> b.readdirplus = true;
                case "no_readdirplus" -> b.readdirplus = false;
                case "allow_direct_io" -> b.directIo = true;
                case "no_allow_direct_io" -> b.directIo = false;
                case "killpriv_v2" -> b.killpriv = true;
                case "no_killpriv_v2" -> b.killpriv = false;
                case "sandbox" -> b.sandbox = VirtiofsdOptions.Sandbox.parse(nonEmpty("-o sandbox", value));
                case "log_level" -> b.level = VirtiofsdOptions.LogLevel.parse(nonEmpty("-o log_level", value));
                case "timeout" -> number("-o timeout", value, 0, Integer.MAX_VALUE); // cache timeout: the mode decides
                default -> throw new InvalidOptionException(
                        ("modcaps".equals(key) || "xattrmap".equals(key)
                                ? "option -o " + key + " is not supported by jvirtiod"
                                : "unknown option '-o " + opt + "'"));
            }
        }
    }

    private static VirtiofsdOptions finish(Builder b) throws InvalidOptionException {
        if (!b.printCapabilities) {
            if (b.socketPath.isPresent() == b.fd.isPresent()) {
                throw new InvalidOptionException(b.socketPath.isPresent()
                        ? "--socket-path and --fd are exclusive: give one"
                        : "missing --socket-path or --fd: one of them is required");
            }
            if (b.sharedDir.isEmpty()) {
                throw new InvalidOptionException("missing --shared-dir (or -o source=DIR)");
            }
        }
        return new VirtiofsdOptions(b.socketPath, b.fd, b.socketGroup, b.sharedDir, b.cache, b.threads,
                b.announceSubmounts, b.handles, b.xattr, b.posixLocks, b.flock, b.writeback, b.readdirplus,
                b.directIo, b.killpriv, b.sandbox, b.syslog, b.level, b.printCapabilities, b.rlimit);
    }

    private static boolean flag(String name, String value) {
        if (value != null) throw new IllegalArgumentException("option " + name + " takes no value (got '" + value + "')");
        return true;
    }

    private static String nonEmpty(String name, String value) {
        if (value == null || value.isEmpty()) throw new IllegalArgumentException(name + " needs a value");
        return value;
    }

    private static int number(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(nonEmpty(name, value));
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number from " + min + " to " + max
                    + " (got '" + value + "')");
        }
    }
}
