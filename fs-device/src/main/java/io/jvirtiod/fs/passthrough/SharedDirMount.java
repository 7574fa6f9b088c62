package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.sys.FcntlH;
import io.jvirtiod.binding.sys.FileStat;
import io.jvirtiod.binding.sys.StatH;
import io.jvirtiod.binding.sys.Statx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The hardening the shared directory's mount lacks. The guest can create device nodes and set-user-id files in
 * the share (MKNOD and chmod as its root); the daemon never opens them, but anything else on the host that does
 * would reach the device or run with raised privileges. A share mounted {@code nodev,nosuid} makes both inert,
 * so the daemon warns at start when either is missing (virtiofsd's documentation recommends the same). A daemon
 * in the namespace sandbox sees the share through a bind that adds both, so it warns from the host's view before
 * it enters ({@link #warning(Path)}).
 */
public final class SharedDirMount {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
    private static final List<String> RECOMMENDED = List.of("nodev", "nosuid");

    private SharedDirMount() {}

    /** The warning for the shared directory {@code dir} as this process sees it, if its mount lacks hardening. */
    public static Optional<String> warning(Path dir) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment statx = a.allocate(Statx.LAYOUT);
            FileStat.statx(FcntlH.AT_FDCWD, dir.toString(), 0, StatH.STATX_MNT_ID, statx);
            return warning(dir, missingOptions(Statx.mntId(statx)));
        }
    }

    /** The warning for the shared directory {@code dir} whose mount lacks {@code missing}, if any. */
    static Optional<String> warning(Path dir, List<String> missing) {
        return missing.isEmpty() ? Optional.empty() : Optional.of("the shared directory " + dir
                + " is on a mount without " + String.join(",", missing) + ": device nodes and set-user-id files the "
                + "guest makes there are live on the host (mount it " + String.join(",", missing) + ")");
    }

    /** Of {@code nodev} and {@code nosuid}, those the mount with id {@code mountId} (statx's stx_mnt_id) lacks. */
    public static List<String> missingOptions(long mountId) {
        try {
            return missingOptions(Files.readAllLines(MOUNTINFO), mountId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MOUNTINFO, e);
        }
    }

    /**
     * The same, from the lines of a mountinfo file (proc_pid_mountinfo(5): the first field is the mount id, the
     * sixth the per-mount options, where nodev and nosuid are). A mount id not listed lacks both.
     */
    static List<String> missingOptions(List<String> mountinfo, long mountId) {
        String id = Long.toString(mountId);
        for (String line : mountinfo) {
            String[] f = line.split(" ");
            if (f.length < 6 || !f[0].equals(id)) continue;
            List<String> options = List.of(f[5].split(","));
            List<String> missing = new ArrayList<>();
            for (String o : RECOMMENDED) if (!options.contains(o)) missing.add(o);
            return missing;
        }
        return RECOMMENDED;
    }
}
