package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.fuse.FuseH;

import java.util.Locale;

/**
 * How much the kernel may cache, with virtiofsd's {@code --cache} semantics: {@code never} caches nothing (zero
 * timeouts, direct I/O), {@code metadata} caches names and attributes for a day but no file data, {@code auto}
 * caches everything for one second and revalidates data on open, {@code always} caches everything for a day and
 * keeps the page cache across opens. Longer caching is faster and assumes nobody else changes the shared dir.
 */
public enum CacheMode {
    NEVER(0, FuseH.FOPEN_DIRECT_IO, 0),
    METADATA(86400, FuseH.FOPEN_DIRECT_IO, 0),
    AUTO(1, 0, 0),
    ALWAYS(86400, FuseH.FOPEN_KEEP_CACHE, FuseH.FOPEN_CACHE_DIR);

    private final long timeoutSeconds;
    private final int fileOpenFlags;
    private final int dirOpenFlags;

    CacheMode(long timeoutSeconds, int fileOpenFlags, int dirOpenFlags) {
        this.timeoutSeconds = timeoutSeconds;
        this.fileOpenFlags = fileOpenFlags;
        this.dirOpenFlags = dirOpenFlags;
    }

    /** Entry and attribute timeout of every reply, in seconds. */
    public long timeoutSeconds() {
        return timeoutSeconds;
    }

    /** FOPEN_* flags of an OPEN/CREATE reply. */
    public int fileOpenFlags() {
        return fileOpenFlags;
    }

    /** FOPEN_* flags of an OPENDIR reply. */
    public int dirOpenFlags() {
        return dirOpenFlags;
    }

    /** True if the kernel may keep file data in its page cache (a precondition of writeback caching). */
    public boolean cachesData() {
        return (fileOpenFlags & FuseH.FOPEN_DIRECT_IO) == 0;
    }

    /**
     * Parses virtiofsd's {@code --cache} spellings: never, metadata, auto, always (case-insensitive), and "none",
     * the C virtiofsd's name for never (older Kata configurations pass {@code -o cache=none}).
     */
    public static CacheMode parse(String s) {
        if (s.equalsIgnoreCase("none")) return NEVER;
        for (CacheMode m : values()) {
            if (m.name().equalsIgnoreCase(s)) return m;
        }
        throw new IllegalArgumentException("'" + s + "' is not a cache mode (expected never, metadata, auto or "
                + "always)");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
