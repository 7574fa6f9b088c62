package io.jvirtiod.fs;

/**
 * Registration of host file descriptors for FUSE passthrough (FUSE_PASSTHROUGH, 7.40): the kernel then reads
 * and writes an opened file directly, without a READ/WRITE round trip through the daemon. Only the /dev/fuse
 * transport can offer it (FUSE_DEV_IOC_BACKING_OPEN); virtio-fs cannot, and passes none.
 */
public interface BackingFiles {
    /** Registers {@code fd}; returns a backing id for {@code OpenOut.backingId} or -errno. */
    int open(int fd);

    /** Releases a backing id once no open file uses it; returns 0 or -errno. */
    int close(int backingId);
}
