package io.jvirtiod.fs.passthrough;

import io.jvirtiod.fs.BackingFiles;

/**
 * FUSE passthrough backing ids (FUSE_PASSTHROUGH, 7.40): the kernel then reads and writes a regular file's
 * backing file itself. Active only once INIT granted passthrough and the transport can register backing files.
 */
final class BackingIds {
    private volatile BackingFiles backing;

    /** Sets the transport's registration (INIT granted passthrough), or null (it did not). */
    void use(BackingFiles b) {
        backing = b;
    }

    /** True once INIT granted FUSE passthrough. */
    boolean active() {
        return backing != null;
    }

    /**
     * The FUSE passthrough backing id of an inode, registered at its first open and shared by every later one:
     * the kernel binds one backing file to an inode and fails an open naming another (EIO). The open file itself
     * is registered, whatever its access mode: the kernel only takes its path and our credentials from it, and
     * opens a backing file of its own for every guest open, with that open's flags (fs/fuse/passthrough.c
     * fuse_passthrough_open), so a writer can share a backing first registered by a reader. Returns 0 without
     * passthrough or if the registration failed.
     */
    int acquire(Inode inode, int fd) {
        BackingFiles b = backing;
        if (b == null) return 0;
        synchronized (inode) {
            if (inode.backingRefs == 0) {
                int id = b.open(fd);
                if (id <= 0) return 0;
                inode.backingId = id;
            }
            inode.backingRefs++;
            return inode.backingId;
        }
    }

    /** Lets go of the backing id of {@code f} (its RELEASE); the last open of the inode unregisters it. */
    void release(OpenFile f) {
        BackingFiles b = backing;
        if (f.backingId > 0 && b != null && f.inode != null) {
            Inode inode = f.inode;
            synchronized (inode) {
                if (inode.backingRefs > 0 && --inode.backingRefs == 0) {
                    b.close(inode.backingId);
                    inode.backingId = 0;
                }
            }
            f.backingId = 0;
        }
    }
}
