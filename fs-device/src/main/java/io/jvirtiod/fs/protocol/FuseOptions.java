package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseH;

/**
 * Limits and default INIT flags of a FUSE session, fixed before the first request because the transport sizes
 * its buffers from them: a request buffer must hold the largest WRITE (in-header, fuse_write_in, max_write
 * bytes) and a reply buffer the largest READ, READDIR or xattr value.
 *
 * @param maxWrite           largest WRITE payload in bytes (kernel caps it at maxPages pages)
 * @param maxPages           pages per request, at most 256 (FUSE_MAX_MAX_PAGES / fs.fuse.max_pages_limit)
 * @param maxBackground      background (async) requests in flight
 * @param congestionThreshold background requests at which the kernel marks the bdi congested
 * @param timeGran           timestamp granularity in ns
 * @param wanted             flags asked for by default (the file system's init may add or drop flags)
 * @param maxRanges          most ranges a ReadSink/WriteSource describes (pages of a request plus headers)
 */
public record FuseOptions(int maxWrite, int maxPages, int maxBackground, int congestionThreshold, int timeGran,
                          long wanted, int maxRanges) {

    public static final int PAGE_SIZE = 4096;
    /** fs/fuse: FUSE_MAX_MAX_PAGES, the most a 6.18 kernel accepts unless max_pages_limit was raised. */
    public static final int MAX_PAGES_LIMIT = 256;
    /** XATTR_SIZE_MAX and XATTR_LIST_MAX: largest xattr value and name list. */
    public static final int XATTR_MAX = 65536;
    /** Room for the in-header and any request's fixed arguments and names before WRITE data (libfuse's choice). */
    public static final int HEADER_ROOM = 4096;

    /**
     * Flags a server can always take when offered: they only allow the kernel to do more at once or describe
     * what this decoder understands. Caching, locking and permission semantics are left to the file system.
     */
    public static final long DEFAULT_WANTED = FuseH.FUSE_ASYNC_READ | FuseH.FUSE_BIG_WRITES | FuseH.FUSE_MAX_PAGES
            | FuseH.FUSE_INIT_EXT | FuseH.FUSE_SETXATTR_EXT | FuseH.FUSE_PARALLEL_DIROPS | FuseH.FUSE_ASYNC_DIO
            | FuseH.FUSE_HAS_RESEND | FuseH.FUSE_HAS_EXPIRE_ONLY;

    public FuseOptions {
        if (maxPages < 1 || maxPages > MAX_PAGES_LIMIT) {
            throw new IllegalArgumentException("max_pages " + maxPages + " is not in 1.." + MAX_PAGES_LIMIT);
        }
        if (maxWrite < PAGE_SIZE || maxWrite > maxPages * PAGE_SIZE) {
            throw new IllegalArgumentException("max_write " + maxWrite + " is not in " + PAGE_SIZE + ".."
                    + (maxPages * PAGE_SIZE) + " (max_pages " + maxPages + " pages)");
        }
        if (maxBackground < 1 || maxBackground > 0xffff || congestionThreshold < 1
                || congestionThreshold > maxBackground) {
            throw new IllegalArgumentException("max_background " + maxBackground + " / congestion_threshold "
                    + congestionThreshold + " must be u16 with 1 <= threshold <= max_background");
        }
        if (timeGran < 1 || timeGran > 1_000_000_000) {
            throw new IllegalArgumentException("time_gran " + timeGran + " ns is not in 1..1e9");
        }
        if (maxRanges < 4 || maxRanges > 1024) {
            throw new IllegalArgumentException("max ranges " + maxRanges + " is not in 4..1024");
        }
    }

    /** 1 MiB writes and reads (256 pages), 4 KiB... as libfuse with max_pages raised: what 6.18 allows. */
    public static FuseOptions defaults() {
        return new FuseOptions(MAX_PAGES_LIMIT * PAGE_SIZE, MAX_PAGES_LIMIT, 64, 48, 1, DEFAULT_WANTED,
                MAX_PAGES_LIMIT + 4);
    }

    public FuseOptions withMaxWrite(int bytes) {
        return new FuseOptions(bytes, maxPages, maxBackground, congestionThreshold, timeGran, wanted, maxRanges);
    }

    public FuseOptions withMaxPages(int pages) {
        return new FuseOptions(Math.min(maxWrite, pages * PAGE_SIZE), pages, maxBackground, congestionThreshold,
                timeGran, wanted, maxRanges);
    }

    public FuseOptions withWanted(long flags) {
        return new FuseOptions(maxWrite, maxPages, maxBackground, congestionThreshold, timeGran, flags, maxRanges);
    }

    /** Largest READ/READDIR size the kernel will ask for. */
    public int maxRead() {
        return maxPages * PAGE_SIZE;
    }

    /** Bytes a transport must be able to read in one request (at least FUSE_MIN_READ_BUFFER). */
    public int requestBufferSize() {
        return Math.max(FuseH.FUSE_MIN_READ_BUFFER, HEADER_ROOM + Math.max(maxWrite, XATTR_MAX));
    }

    /** Bytes of a reply buffer: out-header plus the largest READ, READDIR, READLINK or xattr reply. */
    public int replyBufferSize() {
        return 16 + Math.max(maxRead(), XATTR_MAX);
    }
}
