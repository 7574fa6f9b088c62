package io.jvirtiod.kata;

import io.jvirtiod.kata.VirtiofsdOptions.Sandbox;
import picocli.CommandLine.Option;

/**
 * The {@code --sandbox MODE} option (virtiofsd's): a picocli mixin of every command that serves a device, each with
 * its own default (namespace where virtiofsd's is, none for {@code fuse}).
 */
public final class SandboxOption {
    @Option(names = "--sandbox", paramLabel = "MODE", converter = Sandbox.Spelled.class,
            completionCandidates = Sandbox.Spelled.class,
            description = "${COMPLETION-CANDIDATES}: namespace runs the daemon in new mount, pid and network "
                    + "namespaces, its root a tmpfs holding only what it serves, its capabilities cut "
                    + "(default namespace; none for fuse); chroot is refused")
    private Sandbox mode;

    public SandboxOption(Sandbox defaultMode) {
        mode = defaultMode;
    }

    public Sandbox mode() {
        return mode;
    }

    void set(Sandbox m) {
        mode = m;
    }
}
