package io.jvirtiod.fs.passthrough;

/**
 * One host inode the kernel knows by a node id. It is identified by (st_dev, st_ino, mount id) and reopened on
 * demand either from its file handle (no fd held) or from an O_PATH fd it keeps when handles cannot be used.
 * The mutable counts are guarded by the {@link InodeTable} lock.
 */
public final class Inode {
    final long nodeId;
    final long dev;
    final long ino;
    final long mntId;
    /** S_IFMT bits: the type never changes for the life of an inode. */
    final int type;
    /**
     * name_to_handle_at handle (struct file_handle header and bytes) on the heap, or null when this inode is held
     * by {@link #pathFd}; copied into a per-thread native buffer to reopen (cheaper than an arena per inode).
     */
    final byte[] handle;
    /** fd of any directory on the same mount, for open_by_handle_at. */
    final int mountFd;
    /**
     * O_PATH fd held for this inode, or -1: required when handles are unusable or the inode may lose its last
     * name; otherwise a directory's cached fd ({@link #fdCached}). Changes only under the table lock, and never
     * from one fd to another or to -1 while the inode is pinned.
     */
    int pathFd;
    /** True if {@link #pathFd} is only a cache: the handle reopens the inode, so the table may close it. */
    boolean fdCached;
    /** Slot in the table's cache of directory fds, or -1. */
    int cacheSlot = -1;
    /** Used since the cache's clock hand last passed (set without the lock: a lost update only costs a reopen). */
    boolean referenced;
    /** FUSE lookup count: entries handed to the kernel minus FORGET counts. */
    long lookups;
    /** Requests currently using this inode; its fd is closed only when both counts are zero. */
    int pins;
    /** False once forgotten; a pinned, forgotten inode still serves the requests in flight. */
    boolean live = true;
    /** Files open on this inode (not counting directories' handles); read without the table lock. */
    final java.util.concurrent.atomic.AtomicInteger opens = new java.util.concurrent.atomic.AtomicInteger();
    /** FUSE passthrough backing id shared by this inode's opens, and how many use it (guarded by this). */
    int backingId;
    int backingRefs;
    /** Next inode with the same st_ino (table chaining). */
    Inode nextSameIno;

    Inode(long nodeId, long dev, long ino, long mntId, int type, byte[] handle, int mountFd, int pathFd) {
        this.nodeId = nodeId;
        this.dev = dev;
        this.ino = ino;
        this.mntId = mntId;
        this.type = type;
        this.handle = handle;
        this.mountFd = mountFd;
        this.pathFd = pathFd;
    }

    public long nodeId() {
        return nodeId;
    }

    public int type() {
        return type;
    }

    boolean sameKey(long dev, long ino, long mntId) {
        return this.dev == dev && this.ino == ino && this.mntId == mntId;
    }

    @Override
    public String toString() {
        return "inode " + nodeId + " (dev " + dev + ", ino " + ino + ", mnt " + mntId + ")";
    }
}
