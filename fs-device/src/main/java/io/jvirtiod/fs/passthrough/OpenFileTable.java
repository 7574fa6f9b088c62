package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.sys.FileIo;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * FUSE file handles: the fh numbers given to the kernel in OPEN/OPENDIR/CREATE replies, mapped to open fds.
 * An fh is a table index, never an fd number, so a guest cannot name one of the daemon's own fds (the
 * /dev/fuse fd, another mount's fd); unknown or released handles give EBADF. A request pins the file it uses
 * so a concurrent RELEASE cannot close (and let the kernel reuse) the fd under it.
 */
public final class OpenFileTable {
    private final Long2ObjectHashMap<OpenFile> files = new Long2ObjectHashMap<>();
    private long nextFh = 1;
    /** Files (not directories) open on an inode and not yet closed; see {@link #anyFileOpen}. */
    private final AtomicInteger inodeOpens = new AtomicInteger();

    /** Registers an open fd and returns its new file. */
    public synchronized OpenFile add(int fd, long nodeId, int flags, boolean directory) {
        OpenFile f = new OpenFile(nextFh++, fd, nodeId, flags, directory);
        files.put(f.fh, f);
        return f;
    }

    /** Records that {@code f} is a file open on {@code inode} (counted until its fd is closed). */
    void openedOn(OpenFile f, Inode inode) {
        f.inode = inode;
        inode.opens.incrementAndGet();
        inodeOpens.incrementAndGet();
    }

    /**
     * True while any file is open on an inode. When none is, an unlink cannot remove the last name of a file the
     * kernel still uses, and needs no look at its target first.
     */
    boolean anyFileOpen() {
        return inodeOpens.get() > 0;
    }

    /** Pins and returns the open file {@code fh}, or null if unknown or released. */
    public synchronized OpenFile acquire(long fh) {
        OpenFile f = files.get(fh);
        if (f == null || f.released) return null;
        f.pins++;
        return f;
    }

    public void release(OpenFile f) {
        boolean close;
        synchronized (this) {
            close = --f.pins == 0 && f.released;
        }
        if (close) closeAll(f);
    }

    /** RELEASE/RELEASEDIR: removes {@code fh}; its fds close now or when the last request on it finishes. */
    public OpenFile remove(long fh) {
        boolean close;
        OpenFile f;
        synchronized (this) {
            f = files.remove(fh);
            if (f == null) return null;
            f.released = true;
            close = f.pins == 0;
        }
        if (close) closeAll(f);
        return f;
    }

    private void closeAll(OpenFile f) {
        if (f.inode != null) {
            f.inode.opens.decrementAndGet();
            inodeOpens.decrementAndGet();
        }
        synchronized (f) {
            if (f.ownerFds != null) {
                f.ownerFds.forEachLong((owner, fd) -> FileIo.closeRaw((int) fd));
                f.ownerFds = null;
            }
        }
        FileIo.closeRaw(f.fd);
    }

    public synchronized int size() {
        return files.size();
    }

    /** Closes every open file (DESTROY) and returns how many there were. */
    public int clear() {
        List<OpenFile> all;
        synchronized (this) {
            all = new ArrayList<>(files.values());
            files.clear();
            for (OpenFile f : all) f.released = true;
        }
        for (OpenFile f : all) {
            synchronized (this) {
                if (f.pins > 0) continue;
            }
            closeAll(f);
        }
        return all.size();
    }
}
