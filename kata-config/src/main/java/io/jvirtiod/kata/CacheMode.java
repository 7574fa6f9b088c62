package io.jvirtiod.kata;

/**
 * virtiofsd's cache modes, which Kata passes as {@code --cache=MODE} from {@code virtio_fs_cache}.
 * Semantics (virtiofsd): never = no caching in the guest; metadata = attributes and entries cached, data not;
 * auto = cached with close-to-open consistency; always = everything cached, the host is assumed unchanged.
 */
public enum CacheMode {
    NEVER, METADATA, AUTO, ALWAYS;

    /** Parses the command-line spelling; virtiofsd's old C daemon spelled never as "none". */
    public static CacheMode parse(String s) throws IllegalArgumentException {
        return switch (s) {
            case "never", "none" -> NEVER;
            case "metadata" -> METADATA;
            case "auto" -> AUTO;
            case "always" -> ALWAYS;
            default -> throw new IllegalArgumentException(
                    "invalid cache mode '" + s + "' (expected never, metadata, auto or always)");
        };
    }

    public String spelling() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
