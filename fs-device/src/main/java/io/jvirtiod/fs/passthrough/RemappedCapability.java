package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.Xattr;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * The guest's security.capability when an {@link XattrMap} stores it under another host name ({@code
 * :map::user.virtiofs.:} makes it user.virtiofs.security.capability). The host kernel drops a file's real
 * security.capability when the file is written, truncated or chowned (file_remove_privs and notify_change's
 * ATTR_KILL_PRIV, through cap_inode_killpriv), but not a renamed one, so the daemon removes that itself at the
 * same points, as virtiofsd's drop_security_capability does. Unrenamed (the default map), the kernel does it and
 * this does nothing.
 */
final class RemappedCapability {
    /** The host name, NUL-terminated; null when security.capability keeps its name or is refused. */
    private final MemorySegment hostName;

    RemappedCapability(XattrMap map) {
        byte[] name = "security.capability".getBytes(StandardCharsets.US_ASCII);
        MemorySegment in = MemorySegment.ofArray(name);
        MemorySegment out = Arena.ofAuto().allocate(256);
        int n = map.mapClient(in, 0, name.length, out);
        boolean renamed = n > 0 && (n != name.length || out.asSlice(0, n).mismatch(in) >= 0);
        hostName = renamed ? out : null;
    }

    /** Drops the guest's capability from the file open as {@code fd} (not O_PATH); 0, or -errno. */
    int dropFrom(int fd) {
        if (hostName == null) return 0;
        return ignoringAbsence(Xattr.fremovexattrRaw(fd, hostName));
    }

    /** As {@link #dropFrom}, through a path (an inode's /proc/self/fd magic link). */
    int dropAt(MemorySegment path) {
        if (hostName == null) return 0;
        return ignoringAbsence(Xattr.removexattrRaw(path, hostName));
    }

    /** No such xattr, or none possible on this file, is what dropping it wants. */
    private static int ignoringAbsence(int r) {
        return r == -Errno.ENODATA || r == -Errno.EOPNOTSUPP ? 0 : r;
    }
}
