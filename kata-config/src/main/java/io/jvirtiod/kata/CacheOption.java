package io.jvirtiod.kata;

import io.jvirtiod.fs.passthrough.CacheMode;
import picocli.CommandLine.Option;

/** The {@code --cache MODE} option, as virtiofsd's: a picocli mixin of every command that sets a cache mode. */
public final class CacheOption {
    @Option(names = "--cache", paramLabel = "MODE", converter = CacheModeSpelling.class,
            completionCandidates = CacheModeSpelling.class,
            description = "caching, as virtiofsd's: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    private CacheMode mode = CacheMode.AUTO;

    public CacheMode mode() {
        return mode;
    }

    /** For virtiofsd's {@code -o cache=MODE}, which applies in order with {@code --cache}. */
    void set(CacheMode mode) {
        this.mode = mode;
    }
}
