package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.sys.FileIo;
import org.agrona.collections.Long2ObjectHashMap;


/**
 * The node ids the kernel holds, with FUSE lookup counting: every entry reply adds one lookup, FORGET and
 * BATCH_FORGET take them back, and an inode leaves the table when its count reaches zero (the root never does).
 * Inodes are deduplicated by (st_dev, st_ino, mount id) so hard links share one node id, as the kernel expects.
 *
 * <p>Node ids are never reused within a table's life, so a stale id from the kernel (or a forged one from a
 * malicious guest) finds nothing and the request fails with ESTALE instead of acting on a different file.
 * Requests pin the inode they use, so an inode forgotten concurrently keeps its fd until they finish.
 *
 * <p>Directories that a file handle reopens keep an O_PATH fd as a cache (they are the parent of nearly every
 * request), but at most {@code maxCachedFds} of them: past that, the least recently used unpinned one (clock
 * order) gives its fd up and is reopened from its handle when next needed. So a guest walking a tree of a
 * million directories cannot make the daemon run out of fds. Likewise the table itself holds at most
 * {@code maxInodes} inodes (PassthroughConfig's inode limit): past it a new inode is refused, and the request
 * that would have added it fails with ENFILE, so a guest that looks up without ever forgetting cannot grow the
 * heap without bound.
 */
public final class InodeTable {
    private final Long2ObjectHashMap<Inode> byNodeId = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<Inode> byIno = new Long2ObjectHashMap<>();
    private long nextNodeId = FuseH.FUSE_ROOT_ID + 1;
    private final Inode root;
    /** Inodes whose fd is a cache, by slot; null slots are free. */
    private final Inode[] cache;
    /** Free slots of {@link #cache}, as a stack. */
    private final int[] freeSlots;
    private int freeCount;
    /** Clock hand over {@link #cache}: the next slot considered for eviction. */
    private int hand;
    /** Most inodes held at once, root included. */
    private final long maxInodes;

    InodeTable(long rootDev, long rootIno, long rootMnt, int rootFd, int maxCachedFds, long maxInodes) {
        if (maxCachedFds < 0) throw new IllegalArgumentException("maxCachedFds " + maxCachedFds + " < 0");
        if (maxInodes < 1) throw new IllegalArgumentException("maxInodes " + maxInodes + " < 1");
        this.maxInodes = maxInodes;
        cache = new Inode[maxCachedFds];
        freeSlots = new int[maxCachedFds];
        for (int k = 0; k < maxCachedFds; k++) freeSlots[k] = maxCachedFds - 1 - k;
        freeCount = maxCachedFds;
        root = new Inode(FuseH.FUSE_ROOT_ID, rootDev, rootIno, rootMnt, io.jvirtiod.binding.sys.StatH.S_IFDIR,
                null, rootFd, rootFd);
        root.lookups = 1;
        byNodeId.put(root.nodeId, root);
        byIno.put(rootIno, root);
    }

    public Inode root() {
        return root;
    }

    /** Pins and returns the live inode with this node id, or null if there is none (stale or forged id). */
    public synchronized Inode acquire(long nodeId) {
        Inode i = byNodeId.get(nodeId);
        if (i == null || !i.live) return null;
        i.pins++;
        return i;
    }

    /** Unpins an inode returned by {@link #acquire}, {@link #find} or {@link #addLookup}. */
    public void release(Inode inode) {
        int toClose = -1;
        synchronized (this) {
            inode.pins--;
            if (!inode.live && inode.pins == 0 && inode.pathFd >= 0) {
                toClose = inode.pathFd;
                inode.pathFd = -1;
            }
        }
        if (toClose >= 0) FileIo.closeRaw(toClose);
    }

    /** The known inode with this identity, pinned, or null. */
    public synchronized Inode find(long dev, long ino, long mntId) {
        return find(dev, ino, mntId, null);
    }

    /**
     * The known inode with this identity and file handle, pinned, or null. A known inode with the same
     * (dev, ino, mount) but another handle is a deleted file whose inode number the host file system reused
     * (the handle carries the generation): it is dropped from the identity index, so the new file gets a node
     * id of its own, and stays reachable by its old node id until the kernel forgets it.
     */
    public synchronized Inode find(long dev, long ino, long mntId, byte[] handle) {
        for (Inode i = byIno.get(ino); i != null; i = i.nextSameIno) {
            if (!i.sameKey(dev, ino, mntId)) continue;
            if (handle != null && i.handle != null && !java.util.Arrays.equals(handle, i.handle)) {
                unchain(i);
                return null;
            }
            i.pins++;
            return i;
        }
        return null;
    }

    /**
     * Adds one lookup to the inode with this identity if known (returned pinned); otherwise inserts a new inode
     * built from {@code handle}/{@code pathFd} with one lookup. Which one happened: compare the returned inode's
     * pathFd/handle with the arguments (the caller closes a pathFd that was not taken). Null if the inode is new
     * and the table {@link #full()}: nothing was taken, and the request fails with ENFILE.
     */
    public synchronized Inode addLookup(long dev, long ino, long mntId, int type, byte[] handle, int mountFd,
                                        int pathFd) {
        Inode known = find(dev, ino, mntId, handle);
        if (known != null) {
            known.lookups++;
            return known;
        }
        if (full()) return null;
        boolean cacheable = pathFd >= 0 && handle != null;
        Inode n = new Inode(nextNodeId++, dev, ino, mntId, type, handle, mountFd, cacheable ? -1 : pathFd);
        n.lookups = 1;
        n.pins = 1;
        n.nextSameIno = byIno.get(ino);
        byIno.put(ino, n);
        byNodeId.put(n.nodeId, n);
        if (cacheable) cacheFd(n, pathFd);
        return n;
    }

    /**
     * Offers {@code fd}, an O_PATH fd of a pinned inode that its handle can reopen, as that inode's cached fd.
     * Returns true if the inode took it (it now belongs to the table); false if the inode already has one, is
     * forgotten or no slot could be freed (the caller closes fd). A full cache evicts its least recently used
     * unpinned entry, closing that fd here: closing an O_PATH fd runs no file system release.
     */
    public synchronized boolean cacheFd(Inode inode, int fd) {
        if (inode.pathFd >= 0 || !inode.live || inode.handle == null || cache.length == 0) return false;
        int slot;
        if (freeCount > 0) {
            slot = freeSlots[--freeCount];
        } else {
            slot = -1;
            // Clock: a referenced or pinned entry gets a second chance; two sweeps find a victim unless every
            // entry is pinned by a request in flight.
            for (int step = 0; step < 2 * cache.length && slot < 0; step++) {
                Inode v = cache[hand];
                if (v.pins > 0 || v.referenced) {
                    v.referenced = false;
                } else {
                    FileIo.closeRaw(v.pathFd);
                    v.pathFd = -1;
                    v.fdCached = false;
                    v.cacheSlot = -1;
                    slot = hand;
                }
                hand = (hand + 1) % cache.length;
            }
            if (slot < 0) return false;
        }
        cache[slot] = inode;
        inode.cacheSlot = slot;
        inode.fdCached = true;
        inode.referenced = true;
        inode.pathFd = fd;
        return true;
    }

    /** Takes an inode out of the fd cache (its fd, if any, stays with it). Under the lock. */
    private void uncache(Inode inode) {
        if (inode.cacheSlot < 0) return;
        cache[inode.cacheSlot] = null;
        freeSlots[freeCount++] = inode.cacheSlot;
        inode.cacheSlot = -1;
        inode.fdCached = false;
    }

    /** Number of directory fds held as a cache (for tests and diagnostics). */
    public synchronized int cachedFds() {
        return cache.length - freeCount;
    }

    /** Adds one lookup to a pinned, known inode (e.g. LINK returning an existing inode). */
    public synchronized void addLookup(Inode inode) {
        inode.lookups++;
    }

    /**
     * FORGET: takes {@code count} lookups back; at zero the inode leaves the table (its fd is closed now or when
     * the last request using it finishes). Unknown ids and the root are ignored, as FORGET has no reply.
     */
    public void forget(long nodeId, long count) {
        int toClose = -1;
        synchronized (this) {
            Inode i = byNodeId.get(nodeId);
            if (i == null || i == root || count <= 0) return;
            i.lookups = count >= i.lookups ? 0 : i.lookups - count;
            if (i.lookups > 0) return;
            i.live = false;
            byNodeId.remove(nodeId);
            unchain(i);
            uncache(i);
            if (i.pins == 0 && i.pathFd >= 0) {
                toClose = i.pathFd;
                i.pathFd = -1;
            }
        }
        if (toClose >= 0) FileIo.closeRaw(toClose);
    }

    private void unchain(Inode victim) {
        Inode head = byIno.get(victim.ino);
        if (head == victim) {
            if (victim.nextSameIno == null) byIno.remove(victim.ino);
            else byIno.put(victim.ino, victim.nextSameIno);
            return;
        }
        for (Inode i = head; i != null; i = i.nextSameIno) {
            if (i.nextSameIno == victim) {
                i.nextSameIno = victim.nextSameIno;
                return;
            }
        }
    }

    /**
     * Gives an inode a held O_PATH fd if it has none (before its last name goes away, when its handle would stop
     * opening it); returns false (and the caller closes fd) if it already had one, which is then kept as
     * required: another request may have cached one since the caller looked.
     */
    public synchronized boolean holdPathFd(Inode inode, int fd) {
        if (!inode.live) return false;
        if (inode.pathFd >= 0) {
            uncache(inode);
            return false;
        }
        inode.pathFd = fd;
        return true;
    }

    /**
     * Makes the fd an inode holds, if any, required: a cached one leaves the cache and is kept until the inode is
     * forgotten. Returns true if the inode holds an fd (then it needs no other), false if it holds none.
     */
    public synchronized boolean keepHeldFd(Inode inode) {
        uncache(inode);
        return inode.pathFd >= 0;
    }

    /**
     * True when the table holds its limit of inodes: a new one would be refused. Without a limit (the default)
     * it takes no lock: every create asks first.
     */
    public boolean full() {
        if (maxInodes == PassthroughConfig.UNLIMITED_INODES) return false;
        synchronized (this) {
            return byNodeId.size() >= maxInodes;
        }
    }

    /** Number of live inodes, root included. */
    public synchronized int size() {
        return byNodeId.size();
    }

    /** Lookup count of a node id (0 if unknown), for tests and diagnostics. */
    public synchronized long lookups(long nodeId) {
        Inode i = byNodeId.get(nodeId);
        return i == null ? 0 : i.lookups;
    }

    /** Closes every held fd except the root's (DESTROY). */
    public void clear() {
        java.util.List<Integer> fds = new java.util.ArrayList<>();
        synchronized (this) {
            byNodeId.forEach((id, i) -> {
                if (i != root) {
                    i.live = false;
                    i.cacheSlot = -1;
                    i.fdCached = false;
                    if (i.pathFd >= 0 && i.pins == 0) {
                        fds.add(i.pathFd);
                        i.pathFd = -1;
                    }
                }
            });
            byNodeId.clear();
            byIno.clear();
            java.util.Arrays.fill(cache, null);
            for (int k = 0; k < cache.length; k++) freeSlots[k] = cache.length - 1 - k;
            freeCount = cache.length;
            hand = 0;
            byNodeId.put(root.nodeId, root);
            byIno.put(root.ino, root);
            root.nextSameIno = null;
        }
        for (int fd : fds) FileIo.closeRaw(fd);
    }
}
