package io.jvirtiod.kata;

import io.jvirtiod.sandbox.SeccompMode;
import picocli.CommandLine.Option;

/**
 * The {@code --seccomp MODE} option, spelled as virtiofsd's: a picocli mixin of every serving command, each with
 * its own default (kill for the daemons a guest talks to, none for {@code fuse}, where the user is on the host).
 */
public final class SeccompOption {
    /** kill, log, trap, none. */
    public static final class Spelled extends Spelling<SeccompMode> {
        public Spelled() {
            super(SeccompMode.class, "a seccomp mode");
        }
    }

    @Option(names = "--seccomp", paramLabel = "MODE", converter = Spelled.class, completionCandidates = Spelled.class,
            description = "a system call outside the daemon's allowlist, once it serves: kill (the daemon), log (and "
                    + "allow it), trap (SIGSYS) or none (no filter); default ${DEFAULT-VALUE}")
    private SeccompMode mode;

    /** The option with {@code defaultMode} unless given. */
    public SeccompOption(SeccompMode defaultMode) {
        this.mode = defaultMode;
    }

    public SeccompMode mode() {
        return mode;
    }
}
