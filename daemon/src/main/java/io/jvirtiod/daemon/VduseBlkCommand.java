package io.jvirtiod.daemon;

import io.jvirtiod.binding.virtio.VirtioBlkConfig;
import io.jvirtiod.binding.virtio.VirtioBlkH;
import io.jvirtiod.blk.BlkConfig;
import io.jvirtiod.blk.BlkRequestHandler;
import io.jvirtiod.blk.FileBackend;
import io.jvirtiod.vduse.VduseDeviceSpec;
import io.jvirtiod.vduse.VduseServer;

import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * {@code jvirtiod vduse-blk}: serves a file or block device to the kernel as a VDUSE virtio-blk device, logging
 * in-flight requests so that a restarted daemon (same --name) reconnects and finishes them.
 */
final class VduseBlkCommand implements Main.Command {
    static final String DEFAULT_LOG_DIR = "/var/lib/jvirtiod";

    private final PrintStream err;

    VduseBlkCommand(PrintStream err) {
        this.err = err;
    }

    @Override
    public String summary() {
        return "serve a file or block device as a VDUSE virtio-blk device (/dev/vduse/NAME)";
    }

    static final String USAGE = """
            usage: jvirtiod vduse-blk --name NAME --file IMG [--queues N] [--queue-size Q] [--readonly]
                                      [--direct] [--serial ID] [--log-dir DIR]
              --name NAME       VDUSE device name (/dev/vduse/NAME); if it exists, reconnect to it
              --file IMG        backing regular file or block device
              --queues N        request queues, one thread each (default 1)
              --queue-size Q    entries per queue, a power of two (default 256)
              --readonly        offer VIRTIO_BLK_F_RO and open IMG read-only
              --direct          open IMG with O_DIRECT (bypass the host page cache)
              --serial ID       GET_ID string, at most 20 bytes (default: NAME, truncated)
              --log-dir DIR     where the in-flight log NAME.inflight lives (default %s)
              --dry-run         check the options and IMG, print the device, touch no /dev/vduse (also an
                                AOT-cache training run: java -XX:AOTCacheOutput=F -jar jvirtiod.jar vduse-blk ...)
            then attach it: vdpa dev add name NAME mgmtdev vduse""".formatted(DEFAULT_LOG_DIR);

    record Options(String name, String file, int queues, int queueSize, boolean readOnly, boolean direct,
                   String serial, Path logDir, boolean dryRun) {}

    static Options parse(String[] args) throws UsageException {
        String name = null;
        String file = null;
        int queues = 1;
        int queueSize = 256;
        boolean readOnly = false;
        boolean direct = false;
        boolean dryRun = false;
        String serial = null;
        Path logDir = Path.of(DEFAULT_LOG_DIR);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--readonly" -> readOnly = true;
                case "--direct" -> direct = true;
                case "--dry-run" -> dryRun = true;
                case "--name", "--file", "--queues", "--queue-size", "--serial", "--log-dir" -> {
                    if (i + 1 >= args.length) throw new UsageException(a + " needs a value");
                    String v = args[++i];
                    switch (a) {
                        case "--name" -> name = v;
                        case "--file" -> file = v;
                        case "--queues" -> queues = number(a, v, 1, 64);
                        case "--queue-size" -> queueSize = number(a, v, 2, 32768);
                        case "--serial" -> serial = v;
                        default -> logDir = Path.of(v);
                    }
                }
                default -> throw new UsageException("unknown option '" + a + "'");
            }
        }
        if (name == null) throw new UsageException("--name is required");
        if (file == null) throw new UsageException("--file is required");
        if (name.isEmpty() || name.length() > 200 || name.contains("/") || name.contains("\0")) {
            throw new UsageException("--name '" + name + "' must be 1..200 characters without '/'");
        }
        if (Integer.bitCount(queueSize) != 1) throw new UsageException("--queue-size " + queueSize + " is not a power of two");
        if (serial == null) serial = name.length() > 20 ? name.substring(0, 20) : name;
        if (serial.length() > VirtioBlkH.VIRTIO_BLK_ID_BYTES) throw new UsageException("--serial is longer than 20 bytes");
        return new Options(name, file, queues, queueSize, readOnly, direct, serial, logDir, dryRun);
    }

    private static int number(String flag, String v, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) throw new UsageException(flag + " " + n + " is not in " + min + ".." + max);
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " must be a number (got '" + v + "')");
        }
    }

    @Override
    public int run(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--help")) {
            err.println(USAGE);
            return 0;
        }
        Options o = parse(args);
        if (!o.dryRun()) Files.createDirectories(o.logDir());
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
