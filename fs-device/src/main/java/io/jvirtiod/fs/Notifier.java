package io.jvirtiod.fs;

/**
 * Notifications a file system sends to the kernel on its own initiative, to drop what the kernel cached when
 * the backing store changed behind its back (another host process wrote a shared file, a name was removed).
 *
 * <p>Each returns 0 or -errno (-ENOENT if the kernel no longer knows the node, -ENOSYS if the kernel predates
 * the notification). Never call one from inside a request on the same node: the kernel may hold that node's
 * lock while it waits for the reply, and the notification would wait for the lock.
 */
public interface Notifier {
    /** FUSE_NOTIFY_INVAL_INODE: drop cached attributes and the data in [offset, offset+length) (length 0: all). */
    int invalInode(long nodeid, long offset, long length);

    /** FUSE_NOTIFY_INVAL_ENTRY: drop the cached name in {@code parent}; {@code expireOnly} just marks it stale. */
    int invalEntry(long parent, String name, boolean expireOnly);

    /** FUSE_NOTIFY_DELETE: {@code name} in {@code parent}, which was {@code child}, is gone. */
    int delete(long parent, long child, String name);

    /** FUSE_NOTIFY_RESEND (7.40): the kernel resends every request not yet answered (after a server restart). */
    int resend();
}
