package io.jvirtiod.daemon;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The {@code jvirtiod} command: one picocli command tree with a subcommand per mode (host FUSE mount,
 * vhost-user-fs as virtiofsd, VDUSE block, Kata configuration), so every command gets typed options, generated
 * help and shell completion from one parser. Bad usage gets one line on stderr naming the bad value and exit
 * status 2, as virtiofsd does; a failure while running gets one line and status 1.
 */
@Command(name = "jvirtiod", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = Main.Version.class,
        description = "a userspace virtio datapath (virtio-fs, virtio-blk) for secure containers.")
public final class Main implements Callable<Integer> {
    /** The modes, in the order help lists them; {@link #commandLine} adds them, and help and completion. */
    private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("fuse", FuseCommand::new);
        COMMANDS.put("virtiofsd", VirtiofsdCommand::new);
        COMMANDS.put("vduse-blk", VduseBlkCommand::new);
        COMMANDS.put("kata-config", KataConfigCommand::new);
    }

    @Spec
    private CommandSpec spec;

    /** No command: the usage, as an error. */
    @Override
    public Integer call() {
        return usageAsError(spec);
    }

    /** A command that needs a subcommand, given none: its usage on stderr, exit status 2. */
    static int usageAsError(CommandSpec spec) {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        try {
            return commandLine(args).setOut(o).setErr(e).execute(args);
        } finally {
            o.flush();
            e.flush();
        }
    }

    /**
     * The command tree for {@code args}: only the mode they name, when they name one, since picocli reflects on
     * every command it is given and that is most of its start-up cost (docs/decisions/0004); otherwise all of
     * them, with help and completion. Later occurrences of an option override earlier ones, as in virtiofsd.
     */
    static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new Main());
        Supplier<Object> mode = args.length > 0 ? COMMANDS.get(args[0]) : null;
        if (mode != null) {
            cl.addSubcommand(mode.get());
        } else {
            COMMANDS.values().forEach(command -> cl.addSubcommand(command.get()));
            cl.addSubcommand(new HelpCommand());
            // `source <(jvirtiod generate-completion)` in bash or zsh; not a mode, so not listed.
            CommandLine completion = new CommandLine(new AutoComplete.GenerateCompletion());
            completion.getCommandSpec().usageMessage().hidden(true);
            cl.addSubcommand(completion);
        }
        cl.setOverwrittenOptionsAllowed(true);
        cl.setParameterExceptionHandler((ex, given) -> {
            CommandLine c = ex.getCommandLine();
            String name = c.getCommandSpec().qualifiedName();
            c.getErr().println(name + ": " + ex.getMessage()
                    + (ex instanceof UnmatchedArgumentException ? " (try '" + name + " --help')" : ""));
            return CommandLine.ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println(c.getCommandSpec().qualifiedName() + ": "
                    + Objects.toString(ex.getMessage(), ex.toString()));
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"jvirtiod " + (v == null ? "development build" : v)};
        }
    }
}
