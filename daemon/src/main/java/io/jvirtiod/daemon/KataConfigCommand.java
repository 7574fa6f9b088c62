package io.jvirtiod.daemon;

import io.jvirtiod.kata.CacheMode;
import io.jvirtiod.kata.KataConfigValidator;
import io.jvirtiod.kata.KataFragment;
import io.jvirtiod.kata.TomlReader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code jvirtiod kata-config generate|validate}: the Kata configuration for jvirtiod, made or checked. */
final class KataConfigCommand implements Main.Command {
    static final String DEFAULT_DAEMON = "/usr/local/bin/jvirtiod-virtiofsd";

    private final PrintStream out;

    KataConfigCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public String summary() {
        return "generate or validate Kata configuration for jvirtiod (virtio_fs_daemon)";
    }

    private static final String USAGE = """
            usage: jvirtiod kata-config generate [--daemon PATH] [--hypervisor NAME] [--cache MODE]
                                                [--queue-size N] [-- EXTRA_ARGS...]
                   jvirtiod kata-config validate FILE [--daemon PATH]
              generate  prints the [hypervisor.NAME] keys that make Kata run jvirtiod for virtio-fs
                        (defaults: --daemon %s --hypervisor qemu --cache auto --queue-size 1024,
                        extra args --thread-pool-size=1 --announce-submounts)
              validate  checks FILE (a configuration.toml) against what jvirtiod supports; exit 1 on findings""";

    @Override
    public int run(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help")) {
            out.println(USAGE.formatted(DEFAULT_DAEMON));
            return args.length == 0 ? 2 : 0;
        }
        return switch (args[0]) {
            case "generate" -> generate(List.of(args).subList(1, args.length));
            case "validate" -> validate(List.of(args).subList(1, args.length));
            default -> throw new UsageException("unknown action '" + args[0] + "' (expected generate or validate)");
        };
    }

    private int generate(List<String> args) throws UsageException {
        String daemon = DEFAULT_DAEMON;
        String hypervisor = "qemu";
        CacheMode cache = CacheMode.AUTO;
        int queueSize = KataFragment.MAX_QUEUE_SIZE;
        List<String> extra = KataFragment.DEFAULT_EXTRA_ARGS;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                extra = new ArrayList<>(args.subList(i + 1, args.size()));
                break;
            }
            String v = value(args, i++, a);
            try {
                switch (a) {
                    case "--daemon" -> daemon = v;
                    case "--hypervisor" -> hypervisor = v;
                    case "--cache" -> cache = CacheMode.parse(v);
                    case "--queue-size" -> queueSize = Integer.parseInt(v);
                    default -> throw new UsageException("unknown option '" + a + "'");
                }
            } catch (NumberFormatException e) {
                throw new UsageException("--queue-size must be a number (got '" + v + "')");
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        try {
            out.print(new KataFragment(hypervisor, daemon, cache, queueSize, extra).toToml());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return 0;
    }

    private int validate(List<String> args) throws UsageException, IOException {
        if (args.isEmpty()) throw new UsageException("validate needs a configuration file");
        Path file = Path.of(args.get(0));
        String daemon = null;
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.equals("--daemon")) throw new UsageException("unknown option '" + a + "'");
            daemon = value(args, i++, a);
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UsageException("no such file: " + file);
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

    private static String value(List<String> args, int i, String name) throws UsageException {
        if (i + 1 >= args.size()) throw new UsageException(name + " needs a value");
        return args.get(i + 1);
    }
}
