package io.jvirtiod.daemon;

import io.jvirtiod.binding.sys.ErrnoException;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.Mount;
import io.jvirtiod.binding.sys.MountH;
import io.jvirtiod.fs.fuse.DevFuse;
import io.jvirtiod.fs.fuse.FuseMountOptions;
import io.jvirtiod.fs.fuse.FuseServer;
import io.jvirtiod.fs.passthrough.PassthroughConfig;
import io.jvirtiod.fs.passthrough.PassthroughFs;
import io.jvirtiod.fs.passthrough.XattrMap;
import io.jvirtiod.kata.CacheOption;
import io.jvirtiod.kata.InodeLimitOption;
import io.jvirtiod.kata.SandboxOption;
import io.jvirtiod.kata.VirtiofsdOptions.Sandbox;
import io.jvirtiod.kata.IntRange;
import io.jvirtiod.kata.SeccompOption;
import io.jvirtiod.kata.VirtiofsdOptions;
import io.jvirtiod.kata.XattrMapSpelling;
import io.jvirtiod.sandbox.KeptCapabilities;
import io.jvirtiod.sandbox.NamespaceSandbox;
import io.jvirtiod.sandbox.SandboxPlan;
import io.jvirtiod.sandbox.SeccompInstaller;
import io.jvirtiod.sandbox.SeccompMode;
import io.jvirtiod.sandbox.SyscallAllowlist;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code jvirtiod fuse}: serves a host directory through the confined passthrough file system on a host mount
 * point over /dev/fuse, in the foreground, until SIGINT/SIGTERM (then it unmounts) or until someone unmounts it.
 * With {@code --demo} (or no arguments) it makes a small demo tree and mounts that, so one command shows it
 * working.
 */
@Command(name = "fuse", description = {
        "Serves DIR, confined, on MNT over /dev/fuse in the foreground; Ctrl-C (SIGINT) or SIGTERM unmounts.",
        "With --demo (or no options) it makes and serves a demo tree."})
final class FuseCommand implements Callable<Integer> {

    static final class Threads extends IntRange {
        Threads() {
            super(1, 64);
        }
    }

    static final class PollNs extends IntRange {
        PollNs() {
            super(0, Math.toIntExact(FuseMountOptions.MAX_POLL_NS));
        }
    }

    @Spec
    private CommandSpec spec;

    @Option(names = "--shared-dir", paramLabel = "DIR", description = "the directory to serve; nothing outside it "
            + "is reachable")
    private Path shared;

    @Option(names = "--mount", paramLabel = "MNT", description = "an existing directory to mount on, with nothing "
            + "mounted on it (not inside DIR)")
    private Path mount;

    @Mixin
    private CacheOption cache = new CacheOption();

    @Option(names = "--threads", paramLabel = "N", converter = Threads.class,
            description = "worker threads reading /dev/fuse, 1..64 (default ${DEFAULT-VALUE})")
    private int threads = 4;

    @Option(names = "--passthrough", description = "FUSE passthrough (kernel 6.9+): the kernel reads and writes "
            + "the host files itself (with --cache auto or always; not with --writeback)")
    private boolean passthrough;

    @Option(names = "--writeback", description = "writeback caching (needs --cache auto or always)")
    private boolean writeback;

    @Option(names = "--posix-locks", description = "serve fcntl locks on DIR's files, so processes using DIR "
            + "see them too (default, as virtiofsd: the mounting kernel keeps them); flock locks are served either way")
    private boolean posixLocks;

    @Option(names = "--io-uring", description = "serve requests over FUSE over io_uring, one queue per CPU pinned "
            + "to it (kernel 6.14+, /sys/module/fuse/parameters/enable_uring = Y); locks then stay in the kernel")
    private boolean ioUring;

    @Option(names = "--no-file-handles", description = "hold one O_PATH fd per inode instead of file handles")
    private boolean noFileHandles;

    @Option(names = "--no-xattr", description = "refuse extended attributes")
    private boolean noXattr;

    @Option(names = "--xattrmap", paramLabel = "MAP", converter = XattrMapSpelling.class,
            description = "map xattr names between the mount and DIR with virtiofsd's rules (e.g. "
                    + ":map::user.virtiofs.:); by default trusted.* and security.* but security.capability are refused")
    private XattrMap xattrMap;

    @Option(names = "--no-killpriv-v2", description = "do not offer FUSE_HANDLE_KILLPRIV_V2: the kernel then clears "
            + "set-user-id/set-group-id bits on write, truncate and chown itself (by default the daemon does)")
    private boolean noKillprivV2;

    @Mixin
    private InodeLimitOption inodeLimit = new InodeLimitOption();

    /**
     * Opt-in here. With namespace, stage 1 mounts in the host's mount namespace (where MNT's users look) and
     * hands the session fd to stage 2, named by {@link #SESSION_FD}; an {@link UnmountWatcher} unmounts after.
     */
    @Mixin
    private SandboxOption sandbox = new SandboxOption(Sandbox.NONE);

    /** The environment variable telling stage 2 the /dev/fuse fd stage 1 mounted and kept open for it. */
    static final String SESSION_FD = "JVIRTIOD_FUSE_FD";

    @Mixin
    private SeccompOption seccomp = new SeccompOption(SeccompMode.NONE);

    @Option(names = "--rlimit-nofile", paramLabel = "N", converter = IntRange.NonNegative.class,
            description = "set the open file limit to N (0 keeps the inherited one); by default it is raised as "
                    + "virtiofsd does, to min(1000000, fs.file-max - 16384, fs.nr_open)")
    private Integer rlimitNofile;

    @Option(names = "--poll-max-ns", paramLabel = "NS", converter = PollNs.class,
            description = "after a reply, one worker keeps reading /dev/fuse for up to NS ns before it sleeps, so "
                    + "the next request needs no wake-up; adaptive, as QEMU's iothread option (default "
                    + "${DEFAULT-VALUE}, 0 never, at most 1000000; not with --io-uring)")
    private int pollMaxNs = Math.toIntExact(FuseMountOptions.DEFAULT_POLL_NS);

    @Option(names = "--demo", description = "make a private temporary directory with shared/ (a few files) and "
            + "mnt/, serve one on the other, remove both at exit")
    private boolean demo;

    /** The options, checked together. */
    record Options(Path shared, Path mount, PassthroughConfig config, int threads, boolean ioUring, boolean demo,
                   OptionalInt rlimitNofile, long pollMaxNs, SeccompMode seccomp, Sandbox sandbox) {}

    /** Parses and checks a fuse command line (what {@link #call} runs with). */
    static Options parse(String... args) {
        FuseCommand c = new FuseCommand();
        new CommandLine(c).parseArgs(args);
        return c.options();
    }

    private Options options() {
        if (sandbox.mode() == Sandbox.CHROOT) throw usage(Sandbox.CHROOT_REFUSED);
        if (sandbox.mode() == Sandbox.NAMESPACE) {
            if (demo) throw usage("--demo and --sandbox namespace exclude each other: the demo tree is made and "
                    + "removed by the daemon, outside the directory it serves");
            if (ioUring) throw usage("--io-uring and --sandbox namespace exclude each other: FUSE over "
                    + "io_uring has not been tried inside the sandbox yet");
            if (passthrough) throw usage("--passthrough and --sandbox namespace exclude each other: registering a "
                    + "backing file (FUSE_DEV_IOC_BACKING_OPEN) needs CAP_SYS_ADMIN, which the sandbox drops");
        }
        boolean demo = this.demo || spec.commandLine().getParseResult().originalArgs().isEmpty();
        Path shared = this.shared;
        Path mount = this.mount;
        if (demo) {
            if (shared != null || mount != null) throw usage("--demo makes its own --shared-dir and --mount");
            try {
                Path root = Demo.createRoot();
                shared = root.resolve(Demo.SHARED);
                mount = root.resolve(Demo.MOUNT);
            } catch (IOException e) {
                throw usage("--demo: cannot make its temporary directory: " + e.getMessage());
            }
        }
        if (shared == null) throw usage("--shared-dir DIR is required (or --demo)");
        if (mount == null) throw usage("--mount MNT is required (or --demo)");
        if (ioUring && posixLocks) {
            throw usage("--io-uring and --posix-locks exclude each other: a lock wait would hold up every request "
                    + "from its CPU's queue, the unlock included");
        }
        if (noXattr && xattrMap != null) throw usage("--no-xattr and --xattrmap exclude each other");
        if (ioUring && seccomp.mode() != SeccompMode.NONE) {
            throw usage("--io-uring and --seccomp " + seccomp.mode() + " exclude each other: the kernel runs io_uring "
                    + "requests without asking the filter");
        }
        PassthroughConfig config;
        try {
            config = new PassthroughConfig(shared.toAbsolutePath().normalize(), cache.mode(), writeback, passthrough,
                    !noFileHandles, !noXattr, posixLocks, PassthroughConfig.DEFAULT_DIR_FD_CACHE, !noKillprivV2,
                    inodeLimit.limit(), xattrMap != null ? xattrMap : XattrMap.DEFAULT, true, true, false, false,
                    PassthroughConfig.CACHE_TIMEOUT);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        return new Options(config.sharedDir(), mount.toAbsolutePath().normalize(), config, threads, ioUring, demo,
                rlimitNofile == null ? OptionalInt.empty() : OptionalInt.of(rlimitNofile), pollMaxNs, seccomp.mode(),
                sandbox.mode());
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Checks what would otherwise fail obscurely (or deadlock: a mount inside the directory it serves). */
    private void check(Options o) throws IOException {
        if (!Files.isDirectory(o.shared())) {
            throw usage("shared directory " + o.shared() + (Files.exists(o.shared())
                    ? " is not a directory" : " does not exist"));
        }
        if (!Files.isDirectory(o.mount())) {
            throw usage("mount point " + o.mount() + (Files.exists(o.mount())
                    ? " is not a directory" : " does not exist"));
        }
        Path realShared = o.shared().toRealPath();
        Path realMount = o.mount().toRealPath();
        if (realMount.startsWith(realShared) || realShared.startsWith(realMount)) {
            throw usage("mount point " + realMount + " and shared directory " + realShared
                    + " must not contain each other");
        }
        if (FuseServer.isMounted(realMount)) {
            throw usage("mount point " + realMount + " is busy: something is already mounted there");
        }
        if (o.ioUring()) {
            Path sw = Path.of(FuseServer.URING_SWITCH);
            if (!Files.exists(sw)) {
                throw usage("--io-uring: this kernel has no FUSE over io_uring (needs Linux 6.14+ built "
                        + "with CONFIG_FUSE_IO_URING; " + sw + " is missing)");
            }
            if (!Files.readString(sw).trim().equals("Y")) {
                throw usage("--io-uring: FUSE over io_uring is switched off; as root: echo Y > " + sw);
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        DaemonLogging.configure(VirtiofsdOptions.LogLevel.INFO, false, "jvirtiod");
        System.Logger log = System.getLogger("io.jvirtiod.daemon.fuse");
        Options o = options();
        boolean stage2 = o.sandbox() == Sandbox.NAMESPACE && NamespaceSandbox.inside();
        if (o.demo()) Demo.create(o.shared());
        if (!stage2) check(o); // stage 1 checked MNT, which the sandbox does not hold
        // The open file limit survives the sandbox's execs: raised here, so the daemon keeps no SYS_RESOURCE.
        FdLimit.Outcome limit = FdLimit.apply(o.rlimitNofile(), spec.commandLine());
        PassthroughConfig config = o.config().withDirFdCache(FdLimit.dirFdCache(limit.limit().soft()));
        SandboxPlan plan = sandboxPlan(o);
        log.log(System.Logger.Level.INFO, Sandboxing.apply(o.sandbox(), plan, spec.commandLine(),
                mountBeforeSandbox(o, plan)));
        PassthroughFs fs;
        try {
            fs = new PassthroughFs(config);
        } catch (ErrnoException e) {
            throw usage("cannot open shared directory: " + e.getMessage());
        }
        fs.maxLockWaiters(Math.max(1, o.threads() - 1));
        FuseServer server;
        try {
            server = stage2 ? FuseServer.serve(fs, o.mount(), mountOptions(o), sessionFd())
                    : FuseServer.mount(fs, o.mount(), mountOptions(o));
        } catch (RuntimeException e) {
            fs.close();
            throw new IOException("cannot mount " + o.mount() + ": " + e.getMessage(), e);
        }
        // Inside the sandbox there is nothing to do on a signal: the exit closes the session, the watcher unmounts.
        Thread hook = stage2 ? null : new Thread(() -> {
            server.unmount();
            if (o.demo()) Demo.remove(o.shared().getParent());
        }, "jvirtiod-unmount");
        if (hook != null) Runtime.getRuntime().addShutdownHook(hook);
        log.log(System.Logger.Level.INFO, SeccompInstaller.install(o.seccomp(), SyscallAllowlist.fuse()));
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
            if (hook != null) Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it unmounted
        }
        if (o.demo()) Demo.remove(o.shared().getParent());
        out.println("jvirtiod: " + o.mount() + " unmounted");
        return 0;
    }

    private static FuseMountOptions mountOptions(Options o) {
        return FuseMountOptions.defaults().withWorkers(o.threads()).withIoUring(o.ioUring())
                .withPollMaxNs(o.pollMaxNs());
    }

    /** What the namespace sandbox holds: the shared directory and /dev/fuse, which each worker's clone opens. */
    static SandboxPlan sandboxPlan(Options o) {
        return new SandboxPlan(KeptCapabilities.FUSE).bind(SandboxPlan.Kind.SHARED, o.shared())
                .bind(SandboxPlan.Kind.DEV, Path.of(DevFuse.PATH));
    }

    /**
     * Stage 1 of --sandbox namespace: mounts MNT here, in the host's mount namespace, and starts the watcher that
     * unmounts it after the daemon; returns the fds to keep across the exec (the session, named to stage 2 in
     * {@link #SESSION_FD}, and the watcher's write end, which stage 2 holds without knowing). None otherwise.
     */
    private static int[] mountBeforeSandbox(Options o, SandboxPlan plan) throws IOException {
        if (o.sandbox() != Sandbox.NAMESPACE || NamespaceSandbox.inside() || !NamespaceSandbox.launched()) {
            return new int[0];
        }
        int session = FuseServer.mountSession(o.mount(), mountOptions(o));
        int alive;
        try {
            alive = UnmountWatcher.start(o.mount());
        } catch (IOException | RuntimeException e) {
            Mount.umount2Raw(o.mount().toString(), MountH.MNT_DETACH | MountH.UMOUNT_NOFOLLOW);
            FileIo.closeRaw(session);
            throw e;
        }
        plan.tell(SESSION_FD, Integer.toString(session));
        return new int[] {session, alive};
    }

    /** Stage 2: the session fd stage 1 mounted and kept open. */
    private static int sessionFd() {
        String fd = System.getenv(SESSION_FD);
        if (fd == null || !fd.matches("[0-9]+")) {
            throw new IllegalStateException(SESSION_FD + " is '" + fd + "': stage 1 did not hand over a session");
        }
        return Integer.parseInt(fd);
    }
}
