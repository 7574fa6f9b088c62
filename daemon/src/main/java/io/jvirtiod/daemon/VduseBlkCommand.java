package io.jvirtiod.daemon;

import io.jvirtiod.binding.virtio.VirtioBlkConfig;
import io.jvirtiod.binding.virtio.VirtioBlkH;
import io.jvirtiod.blk.BlkConfig;
import io.jvirtiod.blk.BlkRequestHandler;
import io.jvirtiod.blk.FileBackend;
import io.jvirtiod.kata.IntRange;
import io.jvirtiod.kata.SandboxOption;
import io.jvirtiod.kata.VirtiofsdOptions.Sandbox;
import io.jvirtiod.sandbox.KeptCapabilities;
import io.jvirtiod.sandbox.SandboxPlan;
import io.jvirtiod.vduse.VduseControl;
import io.jvirtiod.kata.SeccompOption;
import io.jvirtiod.sandbox.SeccompInstaller;
import io.jvirtiod.sandbox.SeccompMode;
import io.jvirtiod.sandbox.SyscallAllowlist;
import io.jvirtiod.vduse.VduseDeviceSpec;
import io.jvirtiod.vduse.VduseServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * {@code jvirtiod vduse-blk}: serves a file or block device to the kernel as a VDUSE virtio-blk device, logging
 * in-flight requests so that a restarted daemon (same --name) reconnects and finishes them.
 */
@Command(name = "vduse-blk", description = "Serves IMG to the kernel as the VDUSE virtio-blk device /dev/vduse/NAME.",
        footer = "then attach it: vdpa dev add name NAME mgmtdev vduse")
final class VduseBlkCommand implements Callable<Integer> {
    static final String DEFAULT_LOG_DIR = "/var/lib/jvirtiod";

    static final class Queues extends IntRange {
        Queues() {
            super(1, 64);
        }
    }

    /** A split virtqueue's size is a power of two (virtio 1.2, 2.7), at most 32768. */
    static final class QueueSize extends IntRange {
        QueueSize() {
            super(2, 32768);
        }

        @Override
        public Integer convert(String value) {
            int n = super.convert(value);
            if (Integer.bitCount(n) != 1) throw new TypeConversionException("'" + value + "' is not a power of two");
            return n;
        }
    }

    @Spec
    private CommandSpec spec;

    @Option(names = "--name", required = true, paramLabel = "NAME",
            description = "VDUSE device name (/dev/vduse/NAME); if it exists, reconnect to it")
    private String name;

    @Option(names = "--file", required = true, paramLabel = "IMG", description = "backing regular file or block device")
    private String file;

    @Option(names = "--queues", paramLabel = "N", converter = Queues.class,
            description = "request queues, one thread each, 1..64 (default ${DEFAULT-VALUE})")
    private int queues = 1;

    @Option(names = "--queue-size", paramLabel = "Q", converter = QueueSize.class,
            description = "entries per queue, a power of two up to 32768 (default ${DEFAULT-VALUE})")
    private int queueSize = 256;

    @Option(names = "--readonly", description = "offer VIRTIO_BLK_F_RO and open IMG read-only")
    private boolean readOnly;

    @Option(names = "--direct", description = "open IMG with O_DIRECT (bypass the host page cache)")
    private boolean direct;

    @Option(names = "--serial", paramLabel = "ID", description = "GET_ID string, at most 20 bytes (default: NAME, "
            + "truncated)")
    private String serial;

    @Option(names = "--log-dir", paramLabel = "DIR", description = "where the in-flight log NAME.inflight lives "
            + "(default ${DEFAULT-VALUE})")
    private Path logDir = Path.of(DEFAULT_LOG_DIR);

    @Option(names = "--dry-run", description = "check the options and IMG, print the device, touch no /dev/vduse "
            + "and make no sandbox (also an AOT-cache training run: JVIRTIOD_JAVA_OPTS=-XX:AOTCacheOutput=F "
            + "jvirtiod vduse-blk ...)")
    private boolean dryRun;

    @Mixin
    private SandboxOption sandbox = new SandboxOption(Sandbox.NAMESPACE);

    @Mixin
    private SeccompOption seccomp = new SeccompOption(SeccompMode.KILL);

    record Options(String name, String file, int queues, int queueSize, boolean readOnly, boolean direct,
                   String serial, Path logDir, boolean dryRun, Sandbox sandbox, SeccompMode seccomp) {}

    /** Parses and checks a vduse-blk command line (what {@link #call} runs with). */
    static Options parse(String... args) {
        VduseBlkCommand c = new VduseBlkCommand();
        new CommandLine(c).parseArgs(args);
        return c.options();
    }

    private Options options() {
        if (name.isEmpty() || name.length() > 200 || name.contains("/") || name.contains("\0")) {
            throw usage("--name '" + name + "' must be 1..200 characters without '/'");
        }
        String id = serial != null ? serial : name.length() > 20 ? name.substring(0, 20) : name;
        if (id.length() > VirtioBlkH.VIRTIO_BLK_ID_BYTES) throw usage("--serial is longer than 20 bytes");
        return new Options(name, file, queues, queueSize, readOnly, direct, id, logDir, dryRun, sandbox.mode(),
                seccomp.mode());
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * What the namespace sandbox holds: the in-flight log's directory, the backing image (a regular file read-only
     * with --readonly; a block device as a device node), and /dev/vduse, bound whole since the kernel adds
     * /dev/vduse/NAME only once the device is created inside (without VDUSE, the daemon says so inside).
     */
    static SandboxPlan sandboxPlan(Options o) {
        Path image = Path.of(o.file());
        SandboxPlan.Kind imageKind = !Files.isRegularFile(image) ? SandboxPlan.Kind.DEV
                : o.readOnly() ? SandboxPlan.Kind.RO : SandboxPlan.Kind.RW;
        SandboxPlan plan = new SandboxPlan(KeptCapabilities.VDUSE_BLK).bind(SandboxPlan.Kind.RW, o.logDir())
                .bind(imageKind, image);
        Path vduse = VduseControl.CONTROL.getParent();
        return Files.isDirectory(vduse) ? plan.bind(SandboxPlan.Kind.DEV, vduse) : plan;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Options o = options();
        if (!o.dryRun()) {
            Files.createDirectories(o.logDir());
            err.println("jvirtiod vduse-blk " + o.name() + ": " + Sandboxing.apply(o.sandbox(), sandboxPlan(o),
                    spec.commandLine()));
        }
        try (FileBackend backend = FileBackend.open(o.file(), o.readOnly(), o.direct())) {
            BlkConfig config = BlkConfig.forBackend(backend, o.queues(), o.queueSize(), o.serial());
            byte[] cfg;
            try (Arena a = Arena.ofConfined()) {
                MemorySegment c = a.allocate(VirtioBlkConfig.SIZE);
                config.writeTo(c);
                cfg = c.toArray(JAVA_BYTE);
            }
            VduseDeviceSpec spec = new VduseDeviceSpec(o.name(), VirtioBlkH.VIRTIO_ID_BLOCK, 0, config.features(),
                    o.queues(), o.queueSize(), cfg);
            String prefix = "jvirtiod vduse-blk " + o.name() + ": ";
            if (o.dryRun()) {
                // Builds what a real run builds, /dev/vduse aside, so a training run loads the same classes.
                try (VduseServer server = new VduseServer(spec, o.logDir().resolve(o.name() + ".inflight"),
                        q -> new BlkRequestHandler(config, backend)::serve, err::println)) {
                    err.println(prefix + "would serve " + o.file() + ": " + config + ", features 0x"
                            + Long.toHexString(spec.features()));
                }
                return 0;
            }
            try (VduseServer server = new VduseServer(spec, o.logDir().resolve(o.name() + ".inflight"),
                    q -> new BlkRequestHandler(config, backend)::serve,
                    m -> err.println(Instant.now() + " " + prefix + m))) {
                java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
                Thread hook = new Thread(() -> { // SIGTERM/SIGINT: a clean teardown
                    server.stop(true);
                    try {
                        finished.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException ignored) {
                        // exiting anyway
                    }
                });
                Runtime.getRuntime().addShutdownHook(hook);
                server.beforeServing(() -> err.println(Instant.now() + " " + prefix
                        + SeccompInstaller.install(o.seccomp(), SyscallAllowlist.vduseBlk())));
                err.println(Instant.now() + " " + prefix + "serving " + o.file() + " (" + config.capacity() + " sectors"
                        + (o.readOnly() ? ", read-only" : "") + (o.direct() ? ", O_DIRECT" : "") + ")");
                try {
                    server.run();
                } finally {
                    finished.countDown();
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is what stopped us
                }
            }
        }
        return 0;
    }
}
