package io.jvirtiod.kata;

import io.jvirtiod.fs.passthrough.XattrMap;
import io.jvirtiod.kata.VirtiofsdOptions.InodeFileHandles;
import io.jvirtiod.kata.VirtiofsdOptions.LogLevel;
import io.jvirtiod.kata.VirtiofsdOptions.Sandbox;
import io.jvirtiod.sandbox.SeccompMode;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * virtiofsd's command line, as picocli options giving {@link VirtiofsdOptions}, so Kata can name jvirtiod as
 * {@code virtio_fs_daemon}. The daemon's {@code virtiofsd} command mixes these options in, and {@link
 * KataConfigValidator} parses with them the command line Kata would run: what the validator passes is what the
 * daemon accepts. Kata runs {@code DAEMON
 * --syslog --cache=MODE --shared-dir=DIR --fd=3 [--inode-file-handles=M] EXTRA...}, where EXTRA is {@code
 * virtio_fs_extra_args} (by default {@code --thread-pool-size=1 --announce-submounts}; older configurations use
 * the C daemon's {@code -o announce_submounts} form). Both the long options of the Rust virtiofsd and the legacy
 * {@code -o opt[,opt]} forms of QEMU's C virtiofsd are accepted. Anything else is refused with one line naming
 * it: a daemon that silently ignored an option would serve a file system other than the one asked for.
 */
public final class VirtiofsdCommandLine {
    /** Options virtiofsd knows that jvirtiod deliberately does not implement. */
    private static final List<String> UNSUPPORTED = List.of(
            "--posix-acl", "--security-label", "--modcaps", "--migration-mode",
            "--migration-on-error", "--migration-verify-handles", "--migration-confirm-paths", "--uid-map",
            "--gid-map", "--translate-uid", "--translate-gid", "--preserve-noatime", "--allow-mmap");

    static final class ThreadPoolSize extends IntRange {
        ThreadPoolSize() {
            super(0, 1024);
        }
    }

    @Option(names = "--socket-path", paramLabel = "PATH", description = "create and listen on this vhost-user socket")
    private Path socketPath;

    @Option(names = "--fd", paramLabel = "N", converter = IntRange.NonNegative.class,
            description = "serve on this inherited, listening vhost-user socket (Kata passes --fd=3)")
    private Integer listenFd;

    @Option(names = "--socket-group", paramLabel = "GROUP", description = "give the --socket-path socket to this "
            + "group, mode 0770 (without it 0700)")
    private String socketGroup;

    @Option(names = "--shared-dir", paramLabel = "DIR", description = "the directory to serve (or -o source=DIR)")
    private Path sharedDir;

    @Mixin
    private CacheOption cache = new CacheOption();

    @Option(names = "--thread-pool-size", paramLabel = "N", converter = ThreadPoolSize.class,
            description = "serve every queue's requests on a pool of N threads (0..1024; 0, the default: each queue "
                    + "on its own thread)")
    private int threadPoolSize;

    @Option(names = "--announce-submounts", description = "mark directories on another host mount as submounts "
            + "(FUSE_ATTR_SUBMOUNT), so the guest shows them as mount points")
    private boolean announceSubmounts;

    @Option(names = "--inode-file-handles", paramLabel = "MODE", arity = "0..1",
            fallbackValue = "prefer", converter = InodeFileHandles.Spelled.class,
            completionCandidates = InodeFileHandles.Spelled.class,
            description = "hold inodes by file handle: ${COMPLETION-CANDIDATES} (default prefer)")
    private InodeFileHandles inodeFileHandles = InodeFileHandles.PREFER;

    @Option(names = "--xattr", description = "serve extended attributes")
    private boolean xattr;

    @Option(names = "--xattrmap", paramLabel = "MAP", converter = XattrMapSpelling.class,
            description = "map xattr names between guest and host with virtiofsd's rules (e.g. :map::user.virtiofs.:);"
                    + " implies --xattr")
    private XattrMap xattrMap;

    @Option(names = "--writeback", description = "writeback caching (needs --cache auto or always)")
    private boolean writeback;

    @Option(names = "--no-readdirplus", description = "do not offer READDIRPLUS (off by default with --cache never)")
    void noReaddirplus(boolean on) {
        readdirplus = !on;
    }

    @Option(names = "--allow-direct-io", description = "open host files with the guest's O_DIRECT (else dropped: "
            + "the guest bypasses its own page cache, not the host's)")
    private boolean allowDirectIo;

    @Option(names = "--killpriv-v2", negatable = true, description = "offer FUSE_HANDLE_KILLPRIV_V2, so the daemon "
            + "clears set-user-id/set-group-id bits on write, truncate and chown (off by default, as virtiofsd)")
    private boolean killprivV2;

    @Mixin
    private SandboxOption sandbox = new SandboxOption(Sandbox.NAMESPACE);

    @Option(names = "--syslog", description = "log to syslog instead of stderr")
    private boolean syslog;

    @Option(names = "--log-level", paramLabel = "LEVEL", converter = LogLevel.Spelled.class,
            completionCandidates = LogLevel.Spelled.class,
            description = "${COMPLETION-CANDIDATES} (default info)")
    private LogLevel logLevel = LogLevel.INFO;

    @Option(names = "--rlimit-nofile", paramLabel = "N", converter = IntRange.NonNegative.class,
            description = "set the open file limit to N (0 keeps it; by default raised as virtiofsd raises it)")
    private Integer rlimitNofile;

    @Mixin
    private InodeLimitOption inodeLimit = new InodeLimitOption();

    @Mixin
    private SeccompOption seccomp = new SeccompOption(SeccompMode.KILL);

    @Option(names = "--print-capabilities", description = "print the vhost-user back-end's type as JSON and exit")
    private boolean printCapabilities;

    @Option(names = {"-f", "--foreground"}, description = "accepted; jvirtiod always runs in the foreground")
    private boolean foreground;

    private boolean posixLocks;
    private boolean flock;
    /** Set by [no_]readdirplus; else on unless the cache mode is never (virtiofsd's rule). */
    private Boolean readdirplus;
    private Long timeoutNanos;

    /** The command these options belong to, for errors: the daemon's virtiofsd command, or themselves alone. */
    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;
    @Spec
    private CommandSpec self;

    @Option(names = {"-d", "--debug"}, description = "--log-level=debug")
    void debug(boolean on) {
        logLevel = LogLevel.DEBUG;
    }

    /** The C virtiofsd's {@code -o a,b=c} options, applied in order with the long ones. */
    @Option(names = "-o", paramLabel = "opt[,opt]...", description = "QEMU's C virtiofsd options: source=DIR, "
            + "cache=MODE, [no_]xattr, [no_]writeback, [no_]readdirplus, [no_]posix_lock, [no_]flock, "
            + "[no_]allow_direct_io, [no_]killpriv_v2, announce_submounts, sandbox=, log_level=, timeout=, "
            + "xattrmap=")
    void legacy(String list) {
        try {
            legacyOptions(list);
        } catch (TypeConversionException e) {
            throw new ParameterException((mixee != null ? mixee : self).commandLine(), e.getMessage());
        }
    }

    private void legacyOptions(String list) {
        for (String opt : list.split(",")) {
            if (opt.isEmpty()) continue;
            int eq = opt.indexOf('=');
            String key = eq < 0 ? opt : opt.substring(0, eq);
            String value = eq < 0 ? "" : opt.substring(eq + 1);
            switch (key) {
                case "source" -> sharedDir = Path.of(nonEmpty(key, value));
                case "cache" -> cache.set(new CacheModeSpelling().convert(value));
                case "xattr", "no_xattr" -> xattr = !key.startsWith("no_");
                case "writeback", "no_writeback" -> writeback = !key.startsWith("no_");
                case "readdirplus", "no_readdirplus" -> readdirplus = !key.startsWith("no_");
                case "posix_lock", "no_posix_lock" -> posixLocks = !key.startsWith("no_");
                case "flock", "no_flock" -> flock = !key.startsWith("no_");
                case "allow_direct_io", "no_allow_direct_io" -> allowDirectIo = !key.startsWith("no_");
                case "killpriv_v2", "no_killpriv_v2" -> killprivV2 = !key.startsWith("no_");
                case "announce_submounts" -> announceSubmounts = true;
                case "sandbox" -> sandbox.set(new Sandbox.Spelled().convert(value));
                case "log_level" -> logLevel = new LogLevel.Spelled().convert(value);
                case "timeout" -> timeoutNanos = seconds(nonEmpty(key, value));
                case "xattrmap" -> xattrMap = new XattrMapSpelling().convert(nonEmpty(key, value));
                case "modcaps" -> throw new TypeConversionException(
                        "option -o " + key + " is not supported by jvirtiod");
                default -> throw new TypeConversionException("unknown option '-o " + opt + "'");
            }
        }
    }

    /** The C virtiofsd's {@code -o timeout=%lf}: non-negative seconds, fractions allowed; in ns. */
    private static long seconds(String value) {
        double s;
        try {
            s = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("-o timeout=" + value + " is not a number of seconds");
        }
        if (!(s >= 0) || s > Long.MAX_VALUE / 1e9) {
            throw new TypeConversionException("-o timeout=" + value + " is not in 0.." + (long) (Long.MAX_VALUE / 1e9)
                    + " seconds");
        }
        return Math.round(s * 1e9);
    }

    private static String nonEmpty(String key, String value) {
        if (value.isEmpty()) throw new TypeConversionException("-o " + key + " needs a value");
        return value;
    }

    /** Parses a virtiofsd command line alone (as the validator does), or throws naming what is wrong. */
    public static VirtiofsdOptions parse(List<String> args) {
        CommandLine cl = new CommandLine(new VirtiofsdCommandLine()).setOverwrittenOptionsAllowed(true)
                .setUnmatchedArgumentsAllowed(true);
        cl.parseArgs(args.toArray(String[]::new));
        return cl.<VirtiofsdCommandLine>getCommand().options(cl);
    }

    /**
     * The options parsed by {@code cl}, checked for what picocli cannot say alone: an unknown option, or one
     * jvirtiod refuses, named as such ({@code cl} collects unmatched arguments for this), one of two sockets, and
     * a directory unless only describing the back-end.
     */
    public VirtiofsdOptions options(CommandLine cl) {
        if (!cl.getUnmatchedArguments().isEmpty()) {
            String arg = cl.getUnmatchedArguments().getFirst();
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            throw new ParameterException(cl, UNSUPPORTED.contains(name) ? "option " + name
                    + " is not supported by jvirtiod" : "unknown option '" + arg + "'");
        }
        if (!printCapabilities) {
            if ((socketPath != null) == (listenFd != null)) {
                throw new ParameterException(cl, socketPath != null ? "--socket-path and --fd are exclusive: give one"
                        : "missing --socket-path or --fd: one of them is required");
            }
            if (sharedDir == null) throw new ParameterException(cl, "missing --shared-dir (or -o source=DIR)");
            if (sandbox.mode() == Sandbox.CHROOT) throw new ParameterException(cl, Sandbox.CHROOT_REFUSED);
            if (socketGroup != null && listenFd != null) {
                throw new ParameterException(cl, "--socket-group needs --socket-path: the socket of --fd was made by "
                        + "its creator");
            }
        }
        return new VirtiofsdOptions(Optional.ofNullable(socketPath), optional(listenFd),
                Optional.ofNullable(socketGroup), Optional.ofNullable(sharedDir), cache.mode(), threadPoolSize,
                announceSubmounts, inodeFileHandles, xattr || xattrMap != null, Optional.ofNullable(xattrMap),
                posixLocks, flock, writeback,
                readdirplus != null ? readdirplus : cache.mode() != io.jvirtiod.fs.passthrough.CacheMode.NEVER,
                allowDirectIo, timeoutNanos == null ? OptionalLong.empty() : OptionalLong.of(timeoutNanos),
                killprivV2, sandbox.mode(), syslog, logLevel,
                printCapabilities, optional(rlimitNofile), inodeLimit.limit(), seccomp.mode());
    }

    private static OptionalInt optional(Integer n) {
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }
}
