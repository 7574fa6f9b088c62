package io.jvirtiod.daemon;

import io.jvirtiod.binding.sys.ErrnoException;
import io.jvirtiod.fs.fuse.FuseMountOptions;
import io.jvirtiod.fs.fuse.FuseServer;
import io.jvirtiod.fs.passthrough.CacheMode;
import io.jvirtiod.fs.passthrough.PassthroughConfig;
import io.jvirtiod.fs.passthrough.PassthroughFs;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * {@code jvirtiod fuse}: serves a host directory through the confined passthrough file system on a host mount
 * point over /dev/fuse, in the foreground, until SIGINT/SIGTERM (then it unmounts) or until someone unmounts it.
 * With {@code --demo} (or no arguments) it makes a small demo tree and mounts that, so one command shows it
 * working.
 */
final class FuseCommand implements Main.Command {
    static final Path DEMO_ROOT = Path.of("/tmp/jvirtiod-demo");

    private final PrintStream out;

    FuseCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public String summary() {
        return "serve a host directory on a host mount point over /dev/fuse (try: fuse --demo)";
    }

    static final String USAGE = """
            usage: jvirtiod fuse --shared-dir DIR --mount MNT [--cache never|metadata|auto|always] [--threads N]
                                 [--passthrough] [--writeback] [--posix-locks] [--io-uring] [--no-file-handles]
                                 [--no-xattr] [--rlimit-nofile N] [--poll-max-ns NS]
                   jvirtiod fuse [--demo]

              --shared-dir DIR     the directory to serve; nothing outside it is reachable
              --mount MNT          an existing, empty directory to mount on (not inside DIR)
              --cache MODE         kernel caching, as virtiofsd: never, metadata, auto (default), always
              --threads N          worker threads reading /dev/fuse (default 4)
              --passthrough        FUSE passthrough (kernel 6.9+): the kernel reads and writes the host
                                   files itself, bypassing the daemon (with --cache auto or always;
                                   not with --writeback, which turns it off in the kernel)
              --writeback          writeback caching (needs --cache auto or always)
              --posix-locks        serve fcntl locks on DIR's files, so processes using DIR directly see
                                   them too (default, as virtiofsd: the mounting kernel keeps them, and a
                                   close costs no FLUSH request); flock locks are served either way
              --io-uring           serve requests over io_uring, one queue per CPU pinned to it (kernel 6.14+,
                                   with /sys/module/fuse/parameters/enable_uring set to Y): a request and
                                   its reply no longer cross CPUs. fcntl and flock locks then stay in the
                                   mounting kernel (not with --posix-locks)
              --no-file-handles    hold one O_PATH fd per inode instead of file handles
              --no-xattr           refuse extended attributes
              --rlimit-nofile N    set the open file limit to N (0 keeps the inherited one); by default
                                   it is raised as virtiofsd does, to min(1000000, fs.file-max - 16384)
              --poll-max-ns NS     after answering a request, one worker keeps reading /dev/fuse for up
                                   to NS nanoseconds before it sleeps, so a caller's next request
                                   needs no wake-up; adaptive, as QEMU's iothread option of that name
                                   (default 32768, 0 never polls; at most 1000000; not with --io-uring)
              --demo               make /tmp/jvirtiod-demo/{shared,mnt} with a few files and serve it
            Runs in the foreground; Ctrl-C (SIGINT) or SIGTERM unmounts and exits.""";

    /** Parsed options. */
    record Options(Path shared, Path mount, PassthroughConfig config, int threads, boolean ioUring, boolean demo,
                   OptionalInt rlimitNofile, long pollMaxNs) {}

    static Options parse(String[] args) throws UsageException {
        Path shared = null;
        Path mount = null;
        CacheMode cache = CacheMode.AUTO;
        int threads = 4;
        boolean passthrough = false;
        boolean writeback = false;
        boolean handles = true;
        boolean xattr = true;
        boolean posixLocks = false;
        boolean ioUring = false;
        boolean demo = args.length == 0;
        OptionalInt rlimitNofile = OptionalInt.empty();
        long pollMaxNs = FuseMountOptions.DEFAULT_POLL_NS;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--shared-dir" -> shared = Path.of(value != null ? value : next(args, ++i, a));
                case "--mount" -> mount = Path.of(value != null ? value : next(args, ++i, a));
                case "--cache" -> {
                    String v = value != null ? value : next(args, ++i, a);
                    try {
                        cache = CacheMode.parse(v);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage());
                    }
                }
                case "--threads" -> threads = (int) number(a, value != null ? value : next(args, ++i, a), "", 1, 64);
                case "--rlimit-nofile" -> rlimitNofile = OptionalInt.of((int) number(a,
                        value != null ? value : next(args, ++i, a), "files", 0, Integer.MAX_VALUE));
                case "--poll-max-ns" -> pollMaxNs = number(a, value != null ? value : next(args, ++i, a),
                        "nanoseconds", 0, FuseMountOptions.MAX_POLL_NS);
                case "--passthrough" -> passthrough = true;
                case "--writeback" -> writeback = true;
                case "--posix-locks" -> posixLocks = true;
                case "--io-uring" -> ioUring = true;
                case "--no-file-handles" -> handles = false;
                case "--no-xattr" -> xattr = false;
                case "--demo" -> demo = true;
                default -> throw new UsageException("unknown option '" + args[i] + "' (try 'jvirtiod fuse --help')");
            }
        }
        if (demo) {
            if (shared != null || mount != null) throw new UsageException("--demo makes its own --shared-dir and --mount");
            shared = DEMO_ROOT.resolve("shared");
            mount = DEMO_ROOT.resolve("mnt");
        }
        if (shared == null) throw new UsageException("--shared-dir DIR is required (or --demo)");
        if (mount == null) throw new UsageException("--mount MNT is required (or --demo)");
        if (ioUring && posixLocks) {
            throw new UsageException("--io-uring and --posix-locks exclude each other: a lock wait would hold up "
                    + "every request from its CPU's queue, the unlock included");
        }
        PassthroughConfig config;
        try {
            config = new PassthroughConfig(shared.toAbsolutePath().normalize(), cache, writeback, passthrough, handles,
                    xattr, posixLocks, PassthroughConfig.DEFAULT_DIR_FD_CACHE);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return new Options(config.sharedDir(), mount.toAbsolutePath().normalize(), config, threads, ioUring, demo,
                rlimitNofile, pollMaxNs);
    }

    private static String next(String[] args, int i, String flag) throws UsageException {
        if (i >= args.length) throw new UsageException(flag + " needs a value");
        return args[i];
    }

    /** The value {@code v} of {@code flag} as a number of {@code unit} in {@code min..max}, or a usage error. */
    private static long number(String flag, String v, String unit, long min, long max) throws UsageException {
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " needs a number" + (unit.isEmpty() ? "" : " of " + unit) + ", not '" + v
                    + "'");
        }
        if (n < min || n > max) throw new UsageException(flag + " " + v + " not in " + min + ".." + max);
        return n;
    }

    /** Checks what would otherwise fail obscurely (or deadlock: a mount inside the directory it serves). */
    static void check(Options o) throws UsageException, IOException {
        if (!Files.isDirectory(o.shared())) {
            throw new UsageException("shared directory " + o.shared() + (Files.exists(o.shared())
                    ? " is not a directory" : " does not exist"));
        }
        if (!Files.isDirectory(o.mount())) {
            throw new UsageException("mount point " + o.mount() + (Files.exists(o.mount())
                    ? " is not a directory" : " does not exist"));
        }
        Path realShared = o.shared().toRealPath();
        Path realMount = o.mount().toRealPath();
        if (realMount.startsWith(realShared) || realShared.startsWith(realMount)) {
            throw new UsageException("mount point " + realMount + " and shared directory " + realShared
                    + " must not contain each other");
        }
        if (FuseServer.isMounted(realMount)) {
            throw new UsageException("mount point " + realMount + " is busy: something is already mounted there");
        }
        if (o.ioUring()) {
            Path sw = Path.of(FuseServer.URING_SWITCH);
            if (!Files.exists(sw)) {
                throw new UsageException("--io-uring: this kernel has no FUSE over io_uring (needs Linux 6.14+ built "
                        + "with CONFIG_FUSE_IO_URING; " + sw + " is missing)");
            }
            if (!Files.readString(sw).trim().equals("Y")) {
                throw new UsageException("--io-uring: FUSE over io_uring is switched off; as root: echo Y > " + sw);
            }
        }
    }

    @Override
    public int run(String[] args) throws Exception {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                out.println(USAGE);
                return 0;
            }
        }
        Options o = parse(args);
        if (o.demo()) Demo.create(o.shared(), o.mount());
        check(o);
        FdLimit.Outcome limit = FdLimit.apply(o.rlimitNofile());
        PassthroughConfig config = o.config().withDirFdCache(FdLimit.dirFdCache(limit.limit().soft()));
        PassthroughFs fs;
        try {
            fs = new PassthroughFs(config);
        } catch (ErrnoException e) {
            throw new UsageException("cannot open shared directory: " + e.getMessage());
        }
        fs.maxLockWaiters(Math.max(1, o.threads() - 1));
        FuseServer server;
        try {
            server = FuseServer.mount(fs, o.mount(), FuseMountOptions.defaults().withWorkers(o.threads())
                    .withIoUring(o.ioUring()).withPollMaxNs(o.pollMaxNs()));
        } catch (RuntimeException e) {
            fs.close();
            throw new IOException("cannot mount " + o.mount() + ": " + e.getMessage(), e);
        }
        Thread hook = new Thread(server::unmount, "jvirtiod-unmount");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("jvirtiod: serving " + o.shared() + " on " + o.mount() + " (cache " + o.config().cache()
                + ", " + o.threads() + " threads" + (o.config().passthrough() ? ", passthrough" : "")
                + (o.config().writeback() ? ", writeback" : "")
                + (o.ioUring() ? ", io_uring"
                        : server.pollMaxNs() > 0 ? ", polling up to " + server.pollMaxNs() + " ns" : "")
                + ", inodes by " + (fs.usesFileHandles() ? "file handle" : "O_PATH fd") + "); Ctrl-C unmounts");
        out.println("jvirtiod: " + limit.said() + "; up to " + config.dirFdCache() + " directory fds cached");
        if (o.demo()) Demo.printTryThis(out, o.mount());
        out.flush();
        while (!server.awaitTermination(1, TimeUnit.HOURS)) {
            // serve until unmounted (by us on a signal, or by umount from outside)
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it unmounted
        }
        out.println("jvirtiod: " + o.mount() + " unmounted");
        return 0;
    }
}
