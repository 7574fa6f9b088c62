package io.jvirtiod.daemon;

import io.jvirtiod.fs.passthrough.CacheMode;
import io.jvirtiod.fs.passthrough.PassthroughConfig;
import io.jvirtiod.fs.passthrough.PassthroughFs;
import io.jvirtiod.fs.protocol.FuseOptions;
import io.jvirtiod.kata.VirtiofsdCommandLine;
import io.jvirtiod.kata.VirtiofsdOptions;
import io.jvirtiod.vhostuser.VhostUserServer;
import io.jvirtiod.virtiofs.VirtioFsDevice;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code jvirtiod virtiofsd}: a drop-in vhost-user-fs back-end with virtiofsd's command line, so Kata can name
 * jvirtiod as {@code virtio_fs_daemon} (the launcher runs this command when invoked as {@code jvirtiod-virtiofsd}
 * or {@code virtiofsd}, since Kata passes virtiofsd's arguments and no subcommand). It serves the shared
 * directory through the same confined passthrough file system as {@code jvirtiod fuse}, on the socket Kata
 * created and passed as {@code --fd=N}, or on {@code --socket-path}.
 */
final class VirtiofsdCommand implements Main.Command {
    /** vhost-user.rst "Backend program conventions": --print-capabilities prints the back-end's type as JSON. */
    static final String CAPABILITIES = "{\n  \"type\": \"fs\"\n}";
    /** The tag Kata gives its shared directory; the front-end's tag= decides what the guest sees. */
    static final String TAG = "kataShared";
    /** Request queues offered (QEMU's num-request-queues defaults to 1; each started queue has one thread). */
    static final int REQUEST_QUEUES = 16;

    private final PrintStream out;

    VirtiofsdCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public String summary() {
        return "vhost-user-fs back-end with virtiofsd's options (Kata's virtio_fs_daemon)";
    }

    static final String USAGE = """
            usage: jvirtiod virtiofsd (--socket-path PATH | --fd N) --shared-dir DIR [--cache MODE]
                                      [--thread-pool-size N] [--announce-submounts] [--inode-file-handles[=MODE]]
                                      [--xattr] [--writeback] [--sandbox MODE] [--syslog] [--log-level LEVEL]
                                      [-o opt[,opt]...]
                   jvirtiod virtiofsd --print-capabilities
              Options as virtiofsd's (Kata passes --fd=3 and its virtio_fs_extra_args); unknown ones are refused.""";

    @Override
    public int run(String[] args) throws Exception {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println(USAGE);
            return 0;
        }
        VirtiofsdOptions o;
        try {
            o = VirtiofsdCommandLine.parse(List.of(args));
        } catch (VirtiofsdCommandLine.InvalidOptionException e) {
            throw new UsageException(e.getMessage());
        }
        if (o.printCapabilities()) {
            out.println(CAPABILITIES);
            return 0;
        }
        DaemonLogging.configure(o.logLevel(), o.syslog(), "jvirtiod-virtiofsd");
        System.Logger log = System.getLogger("io.jvirtiod.daemon.virtiofsd");
        Path shared = o.sharedDir().orElseThrow(() -> new UsageException("--shared-dir (or -o source=DIR) is required"));
        if (!Files.isDirectory(shared)) throw new UsageException("shared directory " + shared + " is not a directory");
        FdLimit.Outcome limit = FdLimit.apply(o.rlimitNofile());
        PassthroughConfig config = passthroughConfig(o, shared)
                .withDirFdCache(FdLimit.dirFdCache(limit.limit().soft()));
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
            server.run();
        }
        return 0;
    }

    static PassthroughConfig passthroughConfig(VirtiofsdOptions o, Path shared) throws UsageException {
        CacheMode cache = CacheMode.parse(o.cache().spelling());
        boolean handles = o.inodeFileHandles() != VirtiofsdOptions.InodeFileHandles.NEVER;
        try {
            // POSIX locks stay in the guest's kernel: the virtio-fs device withholds them (FuseChainServer).
            return new PassthroughConfig(shared, cache, o.writeback(), false, handles, o.xattr(), false,
                    PassthroughConfig.DEFAULT_DIR_FD_CACHE);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** What is accepted for compatibility but handled differently from virtiofsd, said once at start. */
    static List<String> notes(VirtiofsdOptions o) {
        List<String> notes = new ArrayList<>();
        if (o.sandbox() != VirtiofsdOptions.Sandbox.NONE) {
            notes.add("--sandbox=" + o.sandbox().name().toLowerCase(Locale.ROOT) + ": no namespace/chroot sandbox; every path is"
                    + " resolved beneath the shared directory (openat2 RESOLVE_BENEATH, no magic links)");
        }
        if (o.threadPoolSize() > 0) {
            notes.add("--thread-pool-size=" + o.threadPoolSize() + ": requests are served on one thread per queue");
        }
        if (o.announceSubmounts()) notes.add("--announce-submounts: submounts are served as plain directories");
        return notes;
    }
}
