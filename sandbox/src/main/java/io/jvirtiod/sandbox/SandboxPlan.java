package io.jvirtiod.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the namespace sandbox holds for one command: the host paths bound into its new root (each at the same
 * absolute path, so the command's arguments stay valid inside) and how, the capabilities kept, and what stage 1
 * made for stage 2 (environment variables naming the fds it keeps open). Stage 1 computes it from the parsed
 * options and hands it to the stage script as arguments.
 */
public final class SandboxPlan {
    /** How a path is bound (the stage script's --ro, --rw, --shared, --dev). */
    public enum Kind {
        /** read-only, nosuid, nodev: the installation, the JDK, a read-only image. */
        RO,
        /** read-write, nosuid, nodev: a socket's directory, a log directory, a writable image. */
        RW,
        /** the directory served: read-write, nosuid, nodev, with its submounts. */
        SHARED,
        /** a device node, socket or device directory (/dev/vduse, /dev/log), bound as it is. */
        DEV
    }

    private final Map<Path, Kind> binds = new LinkedHashMap<>();
    private final Set<Capability> kept;
    private final Map<String, String> told = new LinkedHashMap<>();

    public SandboxPlan(Set<Capability> kept) {
        this.kept = Set.copyOf(kept);
    }

    /**
     * Binds {@code path} (made absolute against the working directory, as the command will resolve it). A path
     * given twice keeps the stronger kind: SHARED over RW over RO.
     */
    public SandboxPlan bind(Kind kind, Path path) {
        binds.merge(path.toAbsolutePath().normalize(), kind, (a, b) -> a.compareTo(b) >= 0 ? a : b);
        return this;
    }

    /** Sets {@code name=value} in the environment of the command inside (stage 2), e.g. an fd kept for it. */
    public SandboxPlan tell(String name, String value) {
        told.put(name, value);
        return this;
    }

    /** What {@link #tell} set, for the command inside. */
    public Map<String, String> told() {
        return Map.copyOf(told);
    }

    public Map<Path, Kind> binds() {
        return Map.copyOf(binds);
    }

    public Set<Capability> kept() {
        return kept;
    }

    /**
     * The stage script's arguments before {@code --}: the binds, shorter paths first (a directory is bound before
     * one beneath it), the capabilities kept, the working directory.
     */
    public List<String> scriptArguments(Path cwd) {
        List<String> args = new ArrayList<>();
        binds.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<Path, Kind> e) -> e.getKey().toString().length())
                        .thenComparing(e -> e.getKey().toString()))
                .forEach(e -> {
                    args.add("--" + e.getValue().name().toLowerCase(java.util.Locale.ROOT));
                    args.add(e.getKey().toString());
                });
        args.add("--caps");
        args.add(kept.stream().sorted().map(Capability::setprivName).collect(Collectors.joining(",")));
        args.add("--cwd");
        args.add(cwd.toString());
        return args;
    }
}
