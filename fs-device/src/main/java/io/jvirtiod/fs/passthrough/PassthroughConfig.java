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
 * @param posixLocks   serve POSIX (fcntl) locks here, on the shared directory's files, instead of leaving them to
 *                     the kernel that mounted us. Off by default, as virtiofsd's {@code no_posix_lock}: then every
 *                     process using the mount still sees the kernel's locks, but processes working on the shared
 *                     directory directly do not, and a close(2) costs no FLUSH request (files open FOPEN_NOFLUSH)
 * @param dirFdCache   most O_PATH fds held for directories that a file handle can reopen (saves an
 *                     open_by_handle_at and a close per request on the hottest parents); 0 holds none. Each is an
 *                     fd of the daemon, so it must stay well under RLIMIT_NOFILE
 * @param killprivV2   offer FUSE_HANDLE_KILLPRIV_V2 (on in {@link #of}; virtiofsd's command line has it off
 *                     unless {@code --killpriv-v2} or {@code -o killpriv_v2} is given): the kernel then leaves
 *                     clearing set-user-id/set-group-id on write, truncate, chown and O_TRUNC opens to this
 *                     server and sends no SETATTR of the mode for it; off ({@code --no-killpriv-v2}), the kernel
 *                     clears them itself with that SETATTR. The kill flags are honoured either way: direct-I/O
 *                     writes carry FUSE_WRITE_KILL_SUIDGID without it (fs/fuse/file.c fuse_direct_io), and a
 *                     guest that sends the others only loses its own bits
 * @param inodeLimit   most inodes the kernel may hold at once ({@code --inode-limit}); a LOOKUP or create that
 *                     would add one more is answered ENFILE, so a guest cannot grow the daemon's heap without
 *                     bound. {@link #UNLIMITED_INODES} by default
 * @param xattrMap     which xattr names of the guest reach the host, and as what ({@link XattrMap#DEFAULT}:
 *                     none under trusted.* or security.* but security.capability)
 * @param flockLocks   serve flock(2) locks here (FUSE_FLOCK_LOCKS; virtiofsd's {@code -o flock}); off, the
 *                     mounting kernel keeps them
 * @param readdirplus  offer FUSE_DO_READDIRPLUS and READDIRPLUS_AUTO (virtiofsd's default; off with
 *                     {@code --no-readdirplus}, and then the kernel sends READDIR and a LOOKUP per name it needs)
 * @param allowDirectIo open host files with the guest's O_DIRECT (virtiofsd's {@code --allow-direct-io}); off
 *                     (virtiofsd's default) O_DIRECT is dropped: the guest bypasses its own cache, not the host's
 * @param announceSubmounts mark directories on another host mount than their parent's (st_dev or mount id
 *                     differ) with FUSE_ATTR_SUBMOUNT when the kernel offers FUSE_SUBMOUNTS, so the guest shows
 *                     them as mount points of their own (virtiofsd's {@code --announce-submounts})
 * @param timeoutNanos entry and attribute timeout of every reply, in ns, or {@link #CACHE_TIMEOUT} for the cache
 *                     mode's (the C virtiofsd's {@code -o timeout=}, which overrides every cache mode's)
 */
public record PassthroughConfig(Path sharedDir, CacheMode cache, boolean writeback, boolean passthrough,
                                boolean fileHandles, boolean xattr, boolean posixLocks, int dirFdCache,
                                boolean killprivV2, long inodeLimit, XattrMap xattrMap, boolean flockLocks,
                                boolean readdirplus, boolean allowDirectIo, boolean announceSubmounts,
                                long timeoutNanos) {

    /** Directory fds cached by default: a quarter of a common 16384-fd limit. */
    public static final int DEFAULT_DIR_FD_CACHE = 4096;
    /** No limit on the inodes the kernel may hold (virtiofsd's behaviour). */
    public static final long UNLIMITED_INODES = Long.MAX_VALUE;
    /** {@link #timeoutNanos} that takes the cache mode's timeout. */
    public static final long CACHE_TIMEOUT = -1;

    public PassthroughConfig {
        if (sharedDir == null) throw new IllegalArgumentException("a shared directory is required");
        if (cache == null) throw new IllegalArgumentException("a cache mode is required");
        if (xattrMap == null) throw new IllegalArgumentException("an xattr map is required");
        if (dirFdCache < 0) throw new IllegalArgumentException("directory fd cache size " + dirFdCache + " < 0");
        if (timeoutNanos < CACHE_TIMEOUT) throw new IllegalArgumentException("timeout " + timeoutNanos + " ns < 0");
        if (inodeLimit < 1) throw new IllegalArgumentException("inode limit " + inodeLimit + " < 1 (the root)");
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

    /**
     * Defaults as virtiofsd's: auto caching and its timeouts, no writeback, no FUSE passthrough, file handles, xattrs
     * on, POSIX locks left to the kernel, readdirplus, O_DIRECT dropped, no submounts announced;
     * {@link #DEFAULT_DIR_FD_CACHE} directory fds; no inode limit. Unlike virtiofsd (no_flock), flock locks are
     * served; unlike virtiofsd, which offers it only with {@code --killpriv-v2}, FUSE_HANDLE_KILLPRIV_V2 is
     * offered; and unlike virtiofsd without {@code --xattrmap}, the guest's xattr names under trusted.* and
     * security.* are refused ({@link XattrMap#DEFAULT}).
     */
    public static PassthroughConfig of(Path sharedDir) {
        return new PassthroughConfig(sharedDir, CacheMode.AUTO, false, false, true, true, false, DEFAULT_DIR_FD_CACHE,
                true, UNLIMITED_INODES, XattrMap.DEFAULT, true, true, false, false, CACHE_TIMEOUT);
    }

    public PassthroughConfig withCache(CacheMode mode) {
        return new PassthroughConfig(sharedDir, mode, writeback, passthrough, fileHandles, xattr, posixLocks,
                dirFdCache, killprivV2, inodeLimit, xattrMap, flockLocks, readdirplus, allowDirectIo,
                announceSubmounts, timeoutNanos);
    }

    public PassthroughConfig withWriteback(boolean on) {
        return new PassthroughConfig(sharedDir, cache, on, passthrough, fileHandles, xattr, posixLocks,
                dirFdCache, killprivV2, inodeLimit, xattrMap, flockLocks, readdirplus, allowDirectIo,
                announceSubmounts, timeoutNanos);
    }

    public PassthroughConfig withPassthrough(boolean on) {
        return new PassthroughConfig(sharedDir, cache, writeback, on, fileHandles, xattr, posixLocks,
                dirFdCache, killprivV2, inodeLimit, xattrMap, flockLocks, readdirplus, allowDirectIo,
                announceSubmounts, timeoutNanos);
    }

    public PassthroughConfig withFileHandles(boolean on) {
        return new PassthroughConfig(sharedDir, cache, writeback, passthrough, on, xattr, posixLocks,
                dirFdCache, killprivV2, inodeLimit, xattrMap, flockLocks, readdirplus, allowDirectIo,
                announceSubmounts, timeoutNanos);
    }

    public PassthroughConfig withDirFdCache(int fds) {
        return new PassthroughConfig(sharedDir, cache, writeback, passthrough, fileHandles, xattr,
                posixLocks, fds, killprivV2, inodeLimit, xattrMap, flockLocks, readdirplus, allowDirectIo,
                announceSubmounts, timeoutNanos);
    }

    public PassthroughConfig withPosixLocks(boolean on) {
        return new PassthroughConfig(sharedDir, cache, writeback, passthrough, fileHandles, xattr, on,
                dirFdCache, killprivV2, inodeLimit, xattrMap, flockLocks, readdirplus, allowDirectIo,
                announceSubmounts, timeoutNanos);
    }

    public PassthroughConfig withKillprivV2(boolean on) {
        return new PassthroughConfig(sharedDir, cache, writeback, passthrough, fileHandles, xattr, posixLocks,
                dirFdCache, on, inodeLimit, xattrMap, flockLocks, readdirplus, allowDirectIo,
                announceSubmounts, timeoutNanos);
    }

    /** At most {@code inodes} inodes held by the kernel, root included ({@code --inode-limit N}). */
    public PassthroughConfig withInodeLimit(long inodes) {
        return new PassthroughConfig(sharedDir, cache, writeback, passthrough, fileHandles, xattr, posixLocks,
                dirFdCache, killprivV2, inodes, xattrMap, flockLocks, readdirplus, allowDirectIo,
                announceSubmounts, timeoutNanos);
    }

    public PassthroughConfig withXattrMap(XattrMap map) {
        return new PassthroughConfig(sharedDir, cache, writeback, passthrough, fileHandles, xattr, posixLocks,
                dirFdCache, killprivV2, inodeLimit, map, flockLocks, readdirplus, allowDirectIo,
                announceSubmounts, timeoutNanos);
    }

    public PassthroughConfig withFlockLocks(boolean on) {
        return new PassthroughConfig(sharedDir, cache, writeback, passthrough, fileHandles, xattr, posixLocks,
                dirFdCache, killprivV2, inodeLimit, xattrMap, on, readdirplus, allowDirectIo, announceSubmounts,
                timeoutNanos);
    }

    public PassthroughConfig withReaddirplus(boolean on) {
        return new PassthroughConfig(sharedDir, cache, writeback, passthrough, fileHandles, xattr, posixLocks,
                dirFdCache, killprivV2, inodeLimit, xattrMap, flockLocks, on, allowDirectIo, announceSubmounts,
                timeoutNanos);
    }

    public PassthroughConfig withAllowDirectIo(boolean on) {
        return new PassthroughConfig(sharedDir, cache, writeback, passthrough, fileHandles, xattr, posixLocks,
                dirFdCache, killprivV2, inodeLimit, xattrMap, flockLocks, readdirplus, on, announceSubmounts,
                timeoutNanos);
    }

    public PassthroughConfig withAnnounceSubmounts(boolean on) {
        return new PassthroughConfig(sharedDir, cache, writeback, passthrough, fileHandles, xattr, posixLocks,
                dirFdCache, killprivV2, inodeLimit, xattrMap, flockLocks, readdirplus, allowDirectIo, on,
                timeoutNanos);
    }

    /** Entry and attribute timeouts of {@code nanos} whatever the cache mode ({@link #CACHE_TIMEOUT}: its own). */
    public PassthroughConfig withTimeoutNanos(long nanos) {
        return new PassthroughConfig(sharedDir, cache, writeback, passthrough, fileHandles, xattr, posixLocks,
                dirFdCache, killprivV2, inodeLimit, xattrMap, flockLocks, readdirplus, allowDirectIo,
                announceSubmounts, nanos);
    }

    /** The entry and attribute timeout replies carry, in ns. */
    public long entryTimeoutNanos() {
        return timeoutNanos == CACHE_TIMEOUT ? cache.timeoutSeconds() * 1_000_000_000L : timeoutNanos;
    }
}
