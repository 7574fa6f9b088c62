package io.jvirtiod.fs.passthrough;

import java.nio.file.Path;

/**
 * Options of a {@link PassthroughFs}.
 *
 * @param sharedDir    the directory served as the root; nothing outside it is reachable
 * @param cache        kernel caching policy
 * @param writeback    negotiate FUSE_WRITEBACK_CACHE (the kernel batches writes; needs a data-caching mode)
 * @param passthrough  open files in FUSE passthrough mode (kernel 6.9+) so reads and writes bypass the daemon;
 *                     needs a cache mode that caches data and excludes {@code writeback}
 * @param fileHandles  identify inodes by name_to_handle_at handles instead of one O_PATH fd each, when the
 *                     file system and our privileges allow it
 * @param xattr        serve extended attributes
 */
public record PassthroughConfig(Path sharedDir, CacheMode cache, boolean writeback, boolean passthrough,
                                boolean fileHandles, boolean xattr) {

    public PassthroughConfig {
        if (sharedDir == null) throw new IllegalArgumentException("a shared directory is required");
        if (cache == null) throw new IllegalArgumentException("a cache mode is required");
        if (writeback && !cache.cachesData()) {
            throw new IllegalArgumentException("--writeback needs a cache mode that caches data (auto or always), not "
                    + cache);
        }
        if (writeback && passthrough) {
            // fs/fuse/inode.c process_init_reply: FUSE_PASSTHROUGH is ignored when FUSE_WRITEBACK_CACHE is on
            throw new IllegalArgumentException("--passthrough and --writeback exclude each other: the kernel turns "
                    + "FUSE passthrough off under writeback caching");
        }
    }

    /** Defaults as virtiofsd's: auto caching, no writeback, no FUSE passthrough, file handles, xattrs on. */
    public static PassthroughConfig of(Path sharedDir) {
        return new PassthroughConfig(sharedDir, CacheMode.AUTO, false, false, true, true);
    }

    public PassthroughConfig withCache(CacheMode mode) {
        return new PassthroughConfig(sharedDir, mode, writeback, passthrough, fileHandles, xattr);
    }

    public PassthroughConfig withWriteback(boolean on) {
        return new PassthroughConfig(sharedDir, cache, on, passthrough, fileHandles, xattr);
    }

    public PassthroughConfig withPassthrough(boolean on) {
        return new PassthroughConfig(sharedDir, cache, writeback, on, fileHandles, xattr);
    }

    public PassthroughConfig withFileHandles(boolean on) {
        return new PassthroughConfig(sharedDir, cache, writeback, passthrough, on, xattr);
    }
}
