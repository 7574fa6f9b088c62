package io.jvirtiod.daemon;

import io.jvirtiod.kata.CacheOption;
import io.jvirtiod.kata.KataConfigValidator;
import io.jvirtiod.kata.KataFragment;
import io.jvirtiod.kata.TomlReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jvirtiod kata-config generate|validate}: the Kata configuration for jvirtiod, made or checked. */
@Command(name = "kata-config", description = "Generates or validates Kata configuration for jvirtiod "
        + "(virtio_fs_daemon).", subcommands = {KataConfigCommand.Generate.class, KataConfigCommand.Validate.class})
final class KataConfigCommand implements Callable<Integer> {
    static final String DEFAULT_DAEMON = "/usr/local/bin/jvirtiod-virtiofsd";

    @Spec
    private CommandSpec spec;

    /** No action: the usage, as an error. */
    @Override
    public Integer call() {
        return Main.usageAsError(spec);
    }

    @Command(name = "generate", description = "Prints the [hypervisor.NAME] keys that make Kata run jvirtiod for "
            + "virtio-fs (extra args by default: --thread-pool-size=1 --announce-submounts).")
    static final class Generate implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--daemon", paramLabel = "PATH", description = "virtio_fs_daemon (default ${DEFAULT-VALUE})")
        private String daemon = DEFAULT_DAEMON;

        @Option(names = "--hypervisor", paramLabel = "NAME", description = "the table (default ${DEFAULT-VALUE})")
        private String hypervisor = "qemu";

        @Mixin
        private CacheOption cache = new CacheOption();

        @Option(names = "--queue-size", paramLabel = "N", description = "virtio_fs_queue_size, a power of two up "
                + "to 1024 (default ${DEFAULT-VALUE})")
        private int queueSize = KataFragment.MAX_QUEUE_SIZE;

        @Parameters(paramLabel = "EXTRA", description = "after --: virtio_fs_extra_args, the daemon's own options")
        private List<String> extra;

        @Override
        public Integer call() {
            boolean extraGiven = spec.commandLine().getParseResult().originalArgs().contains("--");
            if (extra != null && !extraGiven) {
                throw new ParameterException(spec.commandLine(), "extra arguments go after '--' (got '"
                        + extra.getFirst() + "')");
            }
            try {
                spec.commandLine().getOut().print(new KataFragment(hypervisor, daemon, cache.mode(), queueSize,
                        !extraGiven ? KataFragment.DEFAULT_EXTRA_ARGS : extra == null ? List.of() : extra).toToml());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            return 0;
        }
    }

    @Command(name = "validate", description = "Checks FILE (a configuration.toml) against what jvirtiod supports; "
            + "exit status 1 with one line per finding.")
    static final class Validate implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "Kata's configuration.toml")
        private Path file;

        @Option(names = "--daemon", paramLabel = "PATH", description = "check only the tables naming this "
                + "virtio_fs_daemon (default: those with shared_fs = \"virtio-fs\")")
        private String daemon;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            String text;
            try {
                text = Files.readString(file);
            } catch (NoSuchFileException e) {
                throw new ParameterException(spec.commandLine(), "no such file: " + file);
            }
            List<KataConfigValidator.Finding> findings;
            try {
                findings = KataConfigValidator.validate(text, daemon);
            } catch (TomlReader.TomlException e) {
                out.println(file + ": " + e.getMessage());
                return 1;
            }
            findings.forEach(f -> out.println(file + ": " + f));
            if (findings.isEmpty()) out.println(file + ": ok for jvirtiod");
            return findings.isEmpty() ? 0 : 1;
        }
    }
}
