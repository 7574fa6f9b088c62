package io.jvirtiod.daemon;

import io.jvirtiod.fs.passthrough.PassthroughConfig;
import io.jvirtiod.fs.passthrough.PassthroughFs;
import io.jvirtiod.fs.passthrough.XattrMap;
import io.jvirtiod.fs.protocol.FuseOptions;
import io.jvirtiod.kata.VirtiofsdCommandLine;
import io.jvirtiod.kata.VirtiofsdOptions;
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

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
        try {
            config = passthroughConfig(o, shared);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        FdLimit.Outcome limit = FdLimit.apply(o.rlimitNofile(), spec.commandLine());
        config = config.withDirFdCache(FdLimit.dirFdCache(limit.limit().soft()));
        notes(o).forEach(n -> log.log(System.Logger.Level.INFO, n));
        log.log(System.Logger.Level.INFO, limit.said() + "; up to " + config.dirFdCache() + " directory fds cached");

        int listenFd = o.listenFd().isPresent() ? o.listenFd().getAsInt()
                : VhostUserServer.listen(o.socketPath().orElseThrow());
        try (PassthroughFs fs = new PassthroughFs(config)) {
            if (o.inodeFileHandles() == VirtiofsdOptions.InodeFileHandles.MANDATORY && !fs.usesFileHandles()) {
                throw new IllegalStateException("--inode-file-handles=mandatory, but file handles do not work on "
                        + shared + " with our privileges");
            }
            VirtioFsDevice fsDevice = new VirtioFsDevice(TAG, REQUEST_QUEUES, fs, FuseOptions.defaults());
            VhostUserServer server = new VhostUserServer(listenFd, new VirtioFsVhostUserDevice(fsDevice),
                    "virtiofsd", null);
            log.log(System.Logger.Level.INFO, "serving " + shared + " (cache " + config.cache() + ", file handles "
                    + fs.usesFileHandles() + ") on vhost-user socket fd " + listenFd);
            log.log(System.Logger.Level.INFO, SeccompInstaller.install(o.seccomp(), SyscallAllowlist.virtiofsd()));
            server.run();
        }
        return 0;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The passthrough file system virtiofsd's options ask for; IllegalArgumentException if they conflict. */
    static PassthroughConfig passthroughConfig(VirtiofsdOptions o, Path shared) {
        boolean handles = o.inodeFileHandles() != VirtiofsdOptions.InodeFileHandles.NEVER;
        // POSIX locks stay in the guest's kernel: the virtio-fs device withholds them (FuseChainServer).
        return new PassthroughConfig(shared, o.cache(), o.writeback(), false, handles, o.xattr(), false,
                PassthroughConfig.DEFAULT_DIR_FD_CACHE, o.killprivV2(),
                o.inodeLimit(),
                o.xattrMap().orElse(XattrMap.DEFAULT));
    }

    /** What is accepted for compatibility but handled differently from virtiofsd, said once at start. */
    static List<String> notes(VirtiofsdOptions o) {
        List<String> notes = new ArrayList<>();
        if (o.sandbox() != VirtiofsdOptions.Sandbox.NONE) {
            notes.add("--sandbox=" + o.sandbox().name().toLowerCase(Locale.ROOT) + ": no namespace/chroot sandbox; "
                    + "every path is"
                    + " resolved beneath the shared directory (openat2 RESOLVE_BENEATH, no magic links)");
        }
        if (o.threadPoolSize() > 0) {
            notes.add("--thread-pool-size=" + o.threadPoolSize() + ": requests are served on one thread per queue");
        }
        if (o.announceSubmounts()) notes.add("--announce-submounts: submounts are served as plain directories");
        if (!o.readdirplus()) notes.add("--no-readdirplus: READDIRPLUS is offered all the same");
        if (o.allowDirectIo()) notes.add("--allow-direct-io: the cache mode alone decides direct I/O");
        if (o.flock()) notes.add("-o flock: flock locks stay in the guest's kernel");
        if (o.xattr() && o.xattrMap().isEmpty()) {
            notes.add("--xattr without --xattrmap: names under trusted. and security. (but security.capability) are "
                    + "refused and hidden; map them, e.g. --xattrmap=/map/trusted./user.virtiofs./");
        }
        o.socketGroup().ifPresent(g -> notes.add("--socket-group=" + g + ": the socket keeps the daemon's group"));
        return notes;
    }
}
