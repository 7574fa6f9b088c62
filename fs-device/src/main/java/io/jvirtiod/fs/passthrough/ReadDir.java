package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.sys.Dirent64;
import io.jvirtiod.binding.sys.Dirents;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.FileData;
import io.jvirtiod.binding.sys.SeekH;
import io.jvirtiod.fs.protocol.DirentSink;
import io.jvirtiod.fs.protocol.EntryOut;

import java.lang.foreign.MemorySegment;

import static io.jvirtiod.fs.passthrough.InodeFds.PATH_OPEN;
import static io.jvirtiod.fs.passthrough.InodeFds.openBeneath;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/** Directory reading (virtiofsd's read_dir.rs): READDIR and READDIRPLUS on an open directory. */
final class ReadDir {
    private final InodeFds fds;

    ReadDir(InodeFds fds) {
        this.fds = fds;
    }

    /**
     * READDIR / READDIRPLUS from {@code offset} (0 or a d_off cookie from an earlier reply). Offsets are the
     * host file system's own getdents64 cookies, so a directory changing between calls neither repeats nor
     * skips the entries that stay. In plus mode every entry but "." and ".." is looked up (one lookup each),
     * and only after checking it fits, so no lookup is counted for an entry the kernel never sees.
     */
    int readdir(long fh, long offset, DirentSink out) {
        OpenFileTable files = fds.files;
        OpenFile f = files.acquire(fh);
        if (f == null) return -Errno.EBADF;
        try {
            if (!f.directory) return -Errno.ENOTDIR;
            boolean plus = out.isPlus();
            // the directory's inode, for its children's submount marks (pinned while this reply is built)
            Inode dir = plus && fds.announceSubmounts ? fds.inodes.acquire(f.nodeId) : null;
            if (plus && fds.announceSubmounts && dir == null) return -Errno.ESTALE;
            try {
                return readdir(f, offset, out, plus, dir);
            } finally {
                if (dir != null) fds.inodes.release(dir);
            }
        } finally {
            files.release(f);
        }
    }

    private int readdir(OpenFile f, long offset, DirentSink out, boolean plus, Inode dir) {
        MemorySegment buf = Scratch.get().dirents;
        synchronized (f) {
            long at0 = FileData.lseekRaw(f.fd, offset, SeekH.SEEK_SET);
            if (at0 < 0) return (int) at0;
            while (true) {
                long n = Dirents.getdents64Raw(f.fd, buf);
                if (n < 0) return out.length() > 0 ? (int) out.length() : (int) n;
                if (n == 0) return (int) out.length();
                for (long at = 0; at < n && Dirent64.fits(at, n); at += Dirent64.reclen(buf, at)) {
                    int nameLen = Dirent64.nameLength(buf, at);
                    long nameAt = at + Dirent64.OFFSET_D_NAME;
                    long ino = Dirent64.ino(buf, at);
                    long off = Dirent64.off(buf, at);
                    int type = Dirent64.type(buf, at);
                    if (!plus) {
                        if (!out.add(ino, off, type, buf, nameAt, nameLen)) return (int) out.length();
                        continue;
                    }
                    if (!out.fitsPlus(nameLen)) return (int) out.length();
                    boolean dots = buf.get(JAVA_BYTE, nameAt) == '.'
                            && (nameLen == 1 || (nameLen == 2 && buf.get(JAVA_BYTE, nameAt + 1) == '.'));
                    EntryOut e = out.addPlus(ino, off, type, buf, nameAt, nameLen);
                    if (dots) {
                        e.attr().ino(ino).mode(type << 12);
                        continue;
                    }
                    int cfd = openBeneath(f.fd, buf.asSlice(nameAt, nameLen + 1L), PATH_OPEN, 0);
                    int r = cfd < 0 ? cfd : fds.entryFromFd(cfd, e, true, dir);
                    if (r < 0) {
                        // Gone since getdents (or unreadable): list the name without an entry (node id 0).
                        e.nodeid(0).generation(0).entryValid(0, 0).attrValid(0, 0);
                        e.attr().ino(ino).mode(type << 12);
                    }
                }
            }
        }
    }
}
