package io.jvirtiod.daemon;

import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.ResourceH;
import io.jvirtiod.binding.sys.Resources;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The daemon's RLIMIT_NOFILE. Every file a client holds open is an fd in the daemon, and so is every cached
 * directory, so a limit inherited from a shell (often 1024) runs out long before the host does. Like virtiofsd,
 * the daemon sets its limit at start: to {@code --rlimit-nofile N} when given (0 keeps the inherited limit),
 * otherwise up to min(1,000,000, fs.file-max - 16384, fs.nr_open) when it may. The directory fd cache is then
 * sized from the limit in force.
 */
final class FdLimit {
    private FdLimit() {}

    /** virtiofsd's default target. */
    static final long DEFAULT_TARGET = 1_000_000;
    /** fds left to the rest of the system out of fs.file-max (virtiofsd's reserve). */
    static final long RESERVED = 16_384;
    /** Largest directory fd cache: past this, a bigger cache saves little and the fds are better left free. */
    static final int MAX_DIR_FD_CACHE = 65_536;

    /** The limit in force afterwards and one line on what was done. */
    record Outcome(Resources.Limit limit, String said) {}

    /** Applies {@code --rlimit-nofile} (empty: the default raise); a refused explicit value is a usage error. */
    static Outcome apply(OptionalInt requested, CommandLine command) {
        Resources.Limit before = Resources.get(ResourceH.RLIMIT_NOFILE);
        if (requested.isPresent()) {
            long n = requested.getAsInt();
            if (n == 0) return new Outcome(before, "open file limit kept (" + before + ")");
            int rc = Resources.setRaw(ResourceH.RLIMIT_NOFILE, n, n);
            if (rc < 0) throw new ParameterException(command, "--rlimit-nofile " + n + ": " + refusal(-rc, n, before));
            return new Outcome(Resources.get(ResourceH.RLIMIT_NOFILE), "open file limit set to " + n);
        }
        long target = defaultTarget();
        if (target <= 0 || Long.compareUnsigned(before.soft(), target) >= 0) {
            return new Outcome(before, "open file limit kept (" + before + ")");
        }
        long hard = Long.compareUnsigned(before.hard(), target) >= 0 ? before.hard() : target;
        int rc = Resources.setRaw(ResourceH.RLIMIT_NOFILE, target, hard);
        if (rc == 0) return new Outcome(Resources.get(ResourceH.RLIMIT_NOFILE), "open file limit raised to " + target);
        // Without CAP_SYS_RESOURCE the hard limit is the ceiling.
        if (Long.compareUnsigned(before.hard(), before.soft()) > 0
                && Resources.setRaw(ResourceH.RLIMIT_NOFILE, before.hard(), before.hard()) == 0) {
            return new Outcome(Resources.get(ResourceH.RLIMIT_NOFILE), "open file limit raised to the hard limit "
                    + before.hard() + " (" + target + " refused: " + Errno.name(-rc) + ")");
        }
        return new Outcome(before, "open file limit kept (" + before + "; " + target + " refused: "
                + Errno.name(-rc) + ")");
    }

    /** min(DEFAULT_TARGET, fs.file-max - RESERVED, fs.nr_open); 0 if the host allows too few. */
    static long defaultTarget() {
        long fileMax = sysctl("file-max");
        long nrOpen = sysctl("nr_open");
        if (fileMax < 2 * RESERVED) return 0;
        return Math.min(DEFAULT_TARGET, Math.min(fileMax - RESERVED, nrOpen));
    }

    /**
     * A numeric fs sysctl. Read in one read(2): the kernel's number handlers return end of file for any read at
     * a non-zero offset, so a reader that starts with a small read (Files.readString does) sees only a prefix.
     */
    static long sysctl(String name) {
        try (InputStream in = Files.newInputStream(Path.of("/proc/sys/fs", name))) {
            byte[] b = new byte[64];
            int n = in.read(b);
            return n <= 0 ? 0 : Long.parseLong(new String(b, 0, n, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static String refusal(int errno, long n, Resources.Limit before) {
        long nrOpen = sysctl("nr_open");
        // kernel/sys.c do_prlimit: a NOFILE limit above fs.nr_open is EPERM even for root
        if (nrOpen > 0 && n > nrOpen) {
            return "above the most the kernel allows one process (/proc/sys/fs/nr_open: " + nrOpen + ")";
        }
        if (errno == Errno.EPERM) return "raising the hard limit (" + before.hard() + ") needs CAP_SYS_RESOURCE";
        return Errno.name(errno);
    }

    /**
     * Directory fds to cache under a soft limit: a quarter of it, the rest left for open files, between 16 and
     * {@link #MAX_DIR_FD_CACHE}.
     */
    static int dirFdCache(long softLimit) {
        if (softLimit == ResourceH.RLIM_INFINITY) return MAX_DIR_FD_CACHE;
        return (int) Math.max(16, Math.min(MAX_DIR_FD_CACHE, softLimit / 4));
    }
}
