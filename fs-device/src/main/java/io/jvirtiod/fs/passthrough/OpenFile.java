package io.jvirtiod.fs.passthrough;

import org.agrona.collections.Long2LongHashMap;

/**
 * An open file or directory behind a FUSE file handle (fh): its fd, the node it was opened from, and the per
 * lock-owner open file descriptions that carry POSIX locks (OFD locks belong to an open file description, so
 * each guest lock owner gets its own, reopened from this one). Counts are guarded by the {@link OpenFileTable}.
 */
public final class OpenFile {
    final long fh;
    final int fd;
    final long nodeId;
    final int flags;
    final boolean directory;
    /** The inode it was opened from (its open count goes down on release), or null. */
    Inode inode;
    /** FUSE passthrough backing id registered for this file, or 0. */
    int backingId;
    /** Lock owner -> fd of that owner's own open file description (POSIX locks), guarded by this object. */
    Long2LongHashMap ownerFds;
    int pins;
    boolean released;

    OpenFile(long fh, int fd, long nodeId, int flags, boolean directory) {
        this.fh = fh;
        this.fd = fd;
        this.nodeId = nodeId;
        this.flags = flags;
        this.directory = directory;
    }

    public int fd() {
        return fd;
    }

    public long nodeId() {
        return nodeId;
    }
}
