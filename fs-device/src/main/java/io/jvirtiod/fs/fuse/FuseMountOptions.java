package io.jvirtiod.fs.fuse;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.sys.MountH;
import io.jvirtiod.fs.protocol.FuseOptions;

/**
 * How the /dev/fuse transport mounts: the protocol limits, the number of workers (each with its own cloned
 * fd and request buffer), and the mount options the kernel's fuse file system takes.
 *
 * @param protocol           limits and default INIT flags (max_write, max_pages...)
 * @param workers            threads reading requests, 1..64
 * @param fsName             mount source shown in /proc/self/mounts
 * @param subtype            shown as fuse.SUBTYPE
 * @param allowOther         let users other than the mounter in (allow_other)
 * @param defaultPermissions let the kernel check permissions from the mode bits (default_permissions)
 * @param mountFlags         MS_* flags
 * @param ioUring            serve requests over io_uring, one queue per CPU (FUSE_OVER_IO_URING, Linux 6.14+ with
 *                           the fuse module's enable_uring on); the workers then only see FORGETs and INTERRUPTs
 * @param pollMaxNs          the longest a worker keeps reading without sleeping after it answered a request
 *                           ({@link AdaptivePoll}); 0 never polls. Not used with {@code ioUring}.
 */
public record FuseMountOptions(FuseOptions protocol, int workers, String fsName, String subtype,
                               boolean allowOther, boolean defaultPermissions, long mountFlags, boolean ioUring,
                               long pollMaxNs) {

    public FuseMountOptions {
        if (workers < 1 || workers > 64) throw new IllegalArgumentException("workers " + workers + " not in 1..64");
        for (String s : new String[]{fsName, subtype}) {
            if (s.isEmpty() || s.indexOf(',') >= 0 || s.indexOf(' ') >= 0 || s.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("mount name \"" + s + "\" must be non-empty without ',', ' ' or NUL");
            }
        }
        if (pollMaxNs < 0 || pollMaxNs > MAX_POLL_NS) {
            throw new IllegalArgumentException("poll maximum " + pollMaxNs + " ns not in 0.." + MAX_POLL_NS);
        }
    }

    /**
     * QEMU's iothread default for {@code poll-max-ns}. It covers the few microseconds a caller spends between
     * dependent requests, and the adaptive window drops to 0 when requests come further apart than this.
     */
    public static final long DEFAULT_POLL_NS = 32_768;

    /** One millisecond: longer polling only burns the CPU one request at a time could not keep busy anyway. */
    public static final long MAX_POLL_NS = 1_000_000;

    /**
     * WRITE payloads of at most 256 KiB over /dev/fuse. Every written byte is copied three times (into the
     * kernel's page cache, out through read(2) into a worker's buffer, into the host file): in 256 KiB steps the
     * three copies stay in the CPU caches, and 1 MiB steps measured 5-30% slower for sequential writes
     * (bench/fs-bench.sh). Reads keep the 1 MiB limit (max_pages), which they use.
     */
    public static final int MAX_WRITE = 256 * 1024;

    /** Four workers, allow_other and default_permissions, nosuid and nodev; see {@link #MAX_WRITE}. */
    public static FuseMountOptions defaults() {
        return new FuseMountOptions(FuseOptions.defaults().withMaxWrite(MAX_WRITE), 4, "jvirtiod", "jvirtiod", true,
                true, MountH.MS_NOSUID | MountH.MS_NODEV, false, DEFAULT_POLL_NS);
    }

    public FuseMountOptions withWorkers(int n) {
        return new FuseMountOptions(protocol, n, fsName, subtype, allowOther, defaultPermissions, mountFlags,
                ioUring, pollMaxNs);
    }

    public FuseMountOptions withProtocol(FuseOptions p) {
        return new FuseMountOptions(p, workers, fsName, subtype, allowOther, defaultPermissions, mountFlags,
                ioUring, pollMaxNs);
    }

    public FuseMountOptions withDefaultPermissions(boolean on) {
        return new FuseMountOptions(protocol, workers, fsName, subtype, allowOther, on, mountFlags,
                ioUring, pollMaxNs);
    }

    /** With FUSE over io_uring wanted in INIT (see {@link #ioUring}). */
    public FuseMountOptions withIoUring(boolean on) {
        FuseOptions p = protocol.withWanted(on ? protocol.wanted() | FuseH.FUSE_OVER_IO_URING
                : protocol.wanted() & ~FuseH.FUSE_OVER_IO_URING);
        return new FuseMountOptions(p, workers, fsName, subtype, allowOther, defaultPermissions, mountFlags,
                on, pollMaxNs);
    }

    /** With workers polling for at most {@code ns} after a request (see {@link #pollMaxNs}; 0 never). */
    public FuseMountOptions withPollMaxNs(long ns) {
        return new FuseMountOptions(protocol, workers, fsName, subtype, allowOther, defaultPermissions, mountFlags,
                ioUring, ns);
    }

    /** The data string of mount(2) for session fd {@code fd}, mounted by {@code uid}/{@code gid}. */
    String mountData(int fd, long uid, long gid) {
        StringBuilder b = new StringBuilder().append("fd=").append(fd).append(",rootmode=40000")
                .append(",user_id=").append(uid).append(",group_id=").append(gid)
                .append(",max_read=").append(protocol.maxRead());
        if (allowOther) b.append(",allow_other");
        if (defaultPermissions) b.append(",default_permissions");
        return b.toString();
    }
}
