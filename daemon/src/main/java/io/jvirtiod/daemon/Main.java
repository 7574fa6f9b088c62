package io.jvirtiod.daemon;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code jvirtiod} command: dispatches to one subcommand per mode (host FUSE mount, vhost-user-fs,
 * VDUSE block). Bad usage gets one clear line on stderr and exit status 2, as virtiofsd does.
 */
public final class Main {
    private Main() {}

    /** A subcommand: its one-line summary and its entry point returning the exit status. */
    public interface Command {
        String summary();

        int run(String[] args) throws Exception;
    }

    static final Map<String, Command> COMMANDS = new TreeMap<>();

    static void register(String name, Command command) {
        COMMANDS.put(name, command);
    }

    static {
        register("kata-config", new KataConfigCommand(System.out));
        register("fuse", new FuseCommand(System.out));
        register("virtiofsd", new VirtiofsdCommand(System.out));
        register("vduse-blk", new VduseBlkCommand(System.err));
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            usage(err);
            return 2;
        }
        String first = args[0];
        if (first.equals("--help") || first.equals("-h") || first.equals("help")) {
            usage(out);
            return 0;
        }
        if (first.equals("--version") || first.equals("-V")) {
            out.println("jvirtiod " + version());
            return 0;
        }
        Command c = COMMANDS.get(first);
        if (c == null) {
            err.println("jvirtiod: unknown command '" + first + "' (try 'jvirtiod --help')");
            return 2;
        }
        try {
            return c.run(Arrays.copyOfRange(args, 1, args.length));
        } catch (UsageException e) {
            err.println("jvirtiod " + first + ": " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("jvirtiod " + first + ": " + e.getMessage());
            return 1;
        }
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    static void usage(PrintStream out) {
        out.println("""
                jvirtiod: a userspace virtio datapath (virtio-fs, virtio-blk) for secure containers.

                usage: jvirtiod COMMAND [OPTIONS]
                       jvirtiod --help | --version
                """.stripTrailing());
        out.println();
        out.println("commands:");
        if (COMMANDS.isEmpty()) {
            out.println("  (none yet in this build)");
        }
        COMMANDS.forEach((name, c) -> out.printf("  %-12s %s%n", name, c.summary()));
        out.println();
        out.println("'jvirtiod COMMAND --help' describes a command's options.");
    }
}
