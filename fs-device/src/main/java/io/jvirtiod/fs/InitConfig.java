package io.jvirtiod.fs;

import io.jvirtiod.binding.fuse.FuseH;

/**
 * The INIT negotiation as a file system sees it: what the kernel offers (its protocol minor, flags and
 * read-ahead) and what this session will answer (flags wanted, size limits). The dispatcher fills it with
 * the options' defaults, lets {@link FileSystem#init} adjust it, then replies with {@code wanted & offered}.
 *
 * <p>Flags are 64-bit: bits 32..63 travel in {@code flags2} (FUSE_INIT_EXT). Flags that change how requests
 * are laid out (FUSE_INIT_EXT, FUSE_SETXATTR_EXT, FUSE_MAX_PAGES, FUSE_BIG_WRITES) are the dispatcher's and
 * cannot be dropped here.
 */
public final class InitConfig {
    private final int kernelMajor;
    private final int kernelMinor;
    private final long offered;
    private final int kernelMaxReadahead;
    private final BackingFiles backing;
    private final Notifier notifier;
    private long wanted;
    private int maxWrite;
    private int maxPages;
    private int maxReadahead;
    private int maxBackground;
    private int congestionThreshold;
    private int timeGran;
    private int mapAlignment;
    private int maxStackDepth;
    private int requestTimeout;

    public InitConfig(int kernelMajor, int kernelMinor, long offered, int kernelMaxReadahead, long wanted,
                      int maxWrite, int maxPages, int maxBackground, int congestionThreshold, int timeGran,
                      BackingFiles backing, Notifier notifier) {
        this.kernelMajor = kernelMajor;
        this.kernelMinor = kernelMinor;
        this.offered = offered;
        this.kernelMaxReadahead = kernelMaxReadahead;
        this.wanted = wanted;
        this.maxWrite = maxWrite;
        this.maxPages = maxPages;
        this.maxReadahead = kernelMaxReadahead;
        this.maxBackground = maxBackground;
        this.congestionThreshold = congestionThreshold;
        this.timeGran = timeGran;
        this.backing = backing;
        this.notifier = notifier;
    }

    public int kernelMajor() {
        return kernelMajor;
    }

    /** The kernel's protocol minor; the session speaks min(this, 45). */
    public int kernelMinor() {
        return kernelMinor;
    }

    /** All flags the kernel offered (flags | flags2 << 32). */
    public long offered() {
        return offered;
    }

    public boolean offers(long flag) {
        return (offered & flag) == flag;
    }

    public int kernelMaxReadahead() {
        return kernelMaxReadahead;
    }

    /** Backing-file registration for FUSE_PASSTHROUGH, or null when the transport has none (virtio-fs). */
    public BackingFiles backing() {
        return backing;
    }

    /** Notifications to the kernel (cache invalidation), or null when the transport has none. */
    public Notifier notifier() {
        return notifier;
    }

    /** Flags this session asks for (only those also offered are answered). */
    public long wanted() {
        return wanted;
    }

    public InitConfig want(long flags) {
        wanted |= flags;
        return this;
    }

    public InitConfig unwant(long flags) {
        wanted &= ~flags;
        return this;
    }

    /** True if {@code flag} will be in effect: wanted and offered. */
    public boolean enabled(long flag) {
        return (wanted & offered & flag) == flag;
    }

    public int maxWrite() {
        return maxWrite;
    }

    /** Lowers the largest WRITE payload (it cannot exceed what the transport's buffers were sized for). */
    public InitConfig maxWrite(int bytes) {
        if (bytes < 4096 || bytes > maxWrite) {
            throw new IllegalArgumentException("max_write " + bytes + " must be in [4096, " + maxWrite + "]");
        }
        maxWrite = bytes;
        return this;
    }

    public int maxPages() {
        return maxPages;
    }

    public int maxReadahead() {
        return maxReadahead;
    }

    /** Read-ahead in bytes; the kernel uses min(its own, this). */
    public InitConfig maxReadahead(int bytes) {
        if (bytes < 0) throw new IllegalArgumentException("max_readahead " + bytes + " is negative");
        maxReadahead = Math.min(bytes, kernelMaxReadahead);
        return this;
    }

    public int maxBackground() {
        return maxBackground;
    }

    public InitConfig maxBackground(int n) {
        if (n < 0 || n > 0xffff) throw new IllegalArgumentException("max_background " + n + " is not a u16");
        maxBackground = n;
        return this;
    }

    public int congestionThreshold() {
        return congestionThreshold;
    }

    public InitConfig congestionThreshold(int n) {
        if (n < 0 || n > 0xffff) throw new IllegalArgumentException("congestion_threshold " + n + " is not a u16");
        congestionThreshold = n;
        return this;
    }

    /** Timestamp granularity in nanoseconds (1 = the host's full precision). */
    public int timeGran() {
        return timeGran;
    }

    public InitConfig timeGran(int ns) {
        if (ns < 1 || ns > 1_000_000_000) throw new IllegalArgumentException("time_gran " + ns + " ns out of range");
        timeGran = ns;
        return this;
    }

    public int mapAlignment() {
        return mapAlignment;
    }

    /** log2 of the DAX mapping alignment (virtio-fs with FUSE_MAP_ALIGNMENT). */
    public InitConfig mapAlignment(int log2) {
        if (log2 < 0 || log2 > 63) throw new IllegalArgumentException("map_alignment " + log2 + " is not a log2");
        mapAlignment = log2;
        return this;
    }

    public int maxStackDepth() {
        return maxStackDepth;
    }

    /**
     * Stacking depth of backing files for FUSE_PASSTHROUGH (1: backing files are on a non-stacked fs). The
     * kernel refuses passthrough when this is 0.
     */
    public InitConfig maxStackDepth(int depth) {
        if (depth < 0 || depth > 2) throw new IllegalArgumentException("max_stack_depth " + depth + " not in 0..2");
        maxStackDepth = depth;
        return this;
    }

    public int requestTimeout() {
        return requestTimeout;
    }

    /** Seconds after which the kernel aborts the connection on an unanswered request (FUSE_REQUEST_TIMEOUT). */
    public InitConfig requestTimeout(int seconds) {
        if (seconds < 0 || seconds > 0xffff) throw new IllegalArgumentException("request_timeout " + seconds);
        requestTimeout = seconds;
        if (seconds > 0) want(FuseH.FUSE_REQUEST_TIMEOUT);
        return this;
    }
}
