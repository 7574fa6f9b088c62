package io.jvirtiod.daemon;

import io.jvirtiod.fs.passthrough.PassthroughConfig;
import io.jvirtiod.fs.passthrough.PassthroughFs;
import io.jvirtiod.fs.passthrough.SharedDirMount;
import io.jvirtiod.fs.passthrough.XattrMap;
import io.jvirtiod.fs.protocol.FuseOptions;
import io.jvirtiod.kata.VirtiofsdCommandLine;
import io.jvirtiod.kata.VirtiofsdOptions;
import io.jvirtiod.sandbox.KeptCapabilities;
import io.jvirtiod.sandbox.NamespaceSandbox;
import io.jvirtiod.sandbox.SandboxPlan;
import io.jvirtiod.sandbox.SeccompInstaller;
import io.jvirtiod.sandbox.SyscallAllowlist;
import io.jvirtiod.vhostuser.VhostUserServer;
import io.jvirtiod.virtiofs.VirtioFsDevice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code jvirtiod virtiofsd}: a drop-in vhost-user-fs back-end with virtiofsd's command line, so Kata can name
 * jvirtiod as {@code virtio_fs_daemon} (the launcher runs this command when invoked as {@code jvirtiod-virtiofsd}
 * or {@code virtiofsd}, since Kata passes virtiofsd's arguments and no subcommand). It serves the shared
 * directory through the same confined passthrough file system as {@code jvirtiod fuse}, on the socket Kata
 * created and passed as {@code --fd=N}, or on {@code --socket-path}.
 */
@Command(name = "virtiofsd", description = {
        "A vhost-user-fs back-end with virtiofsd's options, as Kata runs its virtio_fs_daemon (also run as "
                + "jvirtiod-virtiofsd or virtiofsd): it serves DIR on the socket --fd N (Kata's) or --socket-path.",
        "Options as virtiofsd's; those jvirtiod does not implement are refused."})
final class VirtiofsdCommand implements Callable<Integer> {
    /** vhost-user.rst "Backend program conventions": --print-capabilities prints the back-end's type as JSON. */
    static final String CAPABILITIES = "{\n  \"type\": \"fs\"\n}";
    /** The tag Kata gives its shared directory; the front-end's tag= decides what the guest sees. */
    static final String TAG = "kataShared";
    /** Request queues offered (QEMU's num-request-queues defaults to 1; each started queue has one thread). */
    static final int REQUEST_QUEUES = 16;
    /** Where --socket-group's name is looked up (the sandbox holds no other /etc file that names groups). */
    private static final Path GROUPS = Path.of("/etc/group");

    @Spec
    private CommandSpec spec;

    @Mixin
    private VirtiofsdCommandLine commandLine;

    /** Collected, not refused by picocli: {@link VirtiofsdCommandLine#options} names them as virtiofsd's. */
    @Unmatched
    private List<String> unmatched;

    @Override
    public Integer call() throws Exception {
        VirtiofsdOptions o = commandLine.options(spec.commandLine());
        PrintWriter out = spec.commandLine().getOut();
        if (o.printCapabilities()) {
            out.println(CAPABILITIES);
            return 0;
        }
        DaemonLogging.configure(o.logLevel(), o.syslog(), "jvirtiod-virtiofsd");
        System.Logger log = System.getLogger("io.jvirtiod.daemon.virtiofsd");
        Path shared = o.sharedDir().orElseThrow();
        if (!Files.isDirectory(shared)) throw usage("shared directory " + shared + " is not a directory");
        PassthroughConfig config;
        GroupPrincipal socketGroup;
        try {
            config = passthroughConfig(o, shared);
            socketGroup = socketGroup(o);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        // The open file limit survives the sandbox's execs: raised here, so the daemon keeps no SYS_RESOURCE.
        FdLimit.Outcome limit = FdLimit.apply(o.rlimitNofile(), spec.commandLine());
        config = config.withDirFdCache(FdLimit.dirFdCache(limit.limit().soft()));
        if (o.sandbox() == VirtiofsdOptions.Sandbox.NAMESPACE && NamespaceSandbox.launched()) {
            // Inside, the share's bind adds nodev,nosuid: the host's view is told before entering.
            SharedDirMount.warning(shared).ifPresent(w -> log.log(System.Logger.Level.WARNING, w));
        }
        String confinement = Sandboxing.apply(o.sandbox(), sandboxPlan(o), spec.commandLine(),
                o.listenFd().stream().toArray());
        log.log(System.Logger.Level.INFO, confinement);
        notes(o).forEach(n -> log.log(System.Logger.Level.INFO, n));
        log.log(System.Logger.Level.INFO, limit.said() + "; up to " + config.dirFdCache() + " directory fds cached");

        // Made inside the sandbox: stage 1's fds do not survive its exec.
        int listenFd = o.listenFd().isPresent() ? o.listenFd().getAsInt() : listen(o.socketPath().orElseThrow(),
                socketGroup);

        try (PassthroughFs fs = new PassthroughFs(config)) {
            if (o.inodeFileHandles() == VirtiofsdOptions.InodeFileHandles.MANDATORY && !fs.usesFileHandles()) {
                throw new IllegalStateException("--inode-file-handles=mandatory, but file handles do not work on "
                        + shared + " with our privileges");
            }
            fs.maxLockWaiters(0); // see notes: no lock wait over virtio-fs
            VirtioFsDevice fsDevice = new VirtioFsDevice(TAG, REQUEST_QUEUES, fs, FuseOptions.defaults());
            VhostUserServer server = new VhostUserServer(listenFd,
                    new VirtioFsVhostUserDevice(fsDevice, o.threadPoolSize()), "virtiofsd", null);
            // After the set-up, before serving: "serving" is said once the filter is on every thread.
            log.log(System.Logger.Level.INFO, SeccompInstaller.install(o.seccomp(), SyscallAllowlist.virtiofsd()));
            log.log(System.Logger.Level.INFO, "serving " + shared + " (cache " + config.cache() + ", file handles "
                    + fs.usesFileHandles() + ") on vhost-user socket fd " + listenFd);
            server.run();
        }
        return 0;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** --socket-group's group, or null without it; IllegalArgumentException naming an unknown group. */
    static GroupPrincipal socketGroup(VirtiofsdOptions o) throws IOException {
        if (o.socketGroup().isEmpty()) return null;
        try {
            return FileSystems.getDefault().getUserPrincipalLookupService()
                    .lookupPrincipalByGroupName(o.socketGroup().get());
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalArgumentException("--socket-group=" + o.socketGroup().get() + ": no such group");
        }
    }

    /** Creates the --socket-path socket as virtiofsd does: mode 0700, or 0770 and owned by {@code group}. */
    static int listen(Path path, GroupPrincipal group) throws IOException {
        int fd = VhostUserServer.listen(path);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(group != null ? "rwxrwx---" : "rwx------"));
        if (group != null) Files.getFileAttributeView(path, PosixFileAttributeView.class).setGroup(group);
        return fd;
    }

    /** The passthrough file system virtiofsd's options ask for; IllegalArgumentException if they conflict. */
    static PassthroughConfig passthroughConfig(VirtiofsdOptions o, Path shared) {
        boolean handles = o.inodeFileHandles() != VirtiofsdOptions.InodeFileHandles.NEVER;
        return new PassthroughConfig(shared, o.cache(), o.writeback(), false, handles, o.xattr(), o.posixLocks(),
                PassthroughConfig.DEFAULT_DIR_FD_CACHE, o.killprivV2(), o.inodeLimit(),
                o.xattrMap().orElse(XattrMap.DEFAULT), o.flock(), o.readdirplus(), o.allowDirectIo(),
                o.announceSubmounts(), o.timeoutNanos().orElse(PassthroughConfig.CACHE_TIMEOUT));
    }

    /**
     * What the namespace sandbox holds: the shared directory, the directory of the socket the daemon creates (it
     * binds the socket there after the sandbox is made), /etc/group for --socket-group, /dev/log for --syslog.
     */
    static SandboxPlan sandboxPlan(VirtiofsdOptions o) {
        SandboxPlan plan = new SandboxPlan(KeptCapabilities.VIRTIOFSD)
                .bind(SandboxPlan.Kind.SHARED, o.sharedDir().orElseThrow());
        o.socketPath().ifPresent(s -> plan.bind(SandboxPlan.Kind.RW, s.toAbsolutePath().getParent()));
        if (o.socketGroup().isPresent()) plan.bind(SandboxPlan.Kind.RO, GROUPS); // --socket-group's name, inside
        if (o.syslog() && Files.exists(DaemonLogging.SYSLOG)) plan.bind(SandboxPlan.Kind.DEV, DaemonLogging.SYSLOG);
        return plan;
    }

    /** What is handled differently from virtiofsd, said once at start. */
    static List<String> notes(VirtiofsdOptions o) {
        List<String> notes = new ArrayList<>();
        if (o.posixLocks() || o.flock()) {
            // A waiting request holds its thread, and the reply of the request the lock holder needs before it
            // unlocks may be queued behind it (one thread per queue; a pool publishes each queue's replies in
            // order): so no request waits.
            notes.add((o.posixLocks() ? "-o posix_lock" : "-o flock") + ": a lock request that would wait (SETLKW "
                    + "on a held lock) is answered EOPNOTSUPP, as virtiofsd answers SETLKW");
        }
        if (o.xattr() && o.xattrMap().isEmpty()) {
            notes.add("--xattr without --xattrmap: names under trusted. and security. (but security.capability) are "
                    + "refused and hidden; map them, e.g. --xattrmap=/map/trusted./user.virtiofs./");
        }
        return notes;
    }
}
