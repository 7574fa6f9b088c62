package io.jvirtiod.fs.passthrough;

/**
 * Registration of backing files for FUSE passthrough (kernel 6.9+): an open fd registered with the FUSE
 * connection gets a backing id; an OPEN reply carrying FOPEN_PASSTHROUGH and that id makes the kernel do the
 * file's reads and writes on the backing file directly, without a round trip through the daemon.
 */
public interface BackingFiles {
    /** Registers {@code fd}; returns a positive backing id or -errno. */
    int open(int fd);

    /** Unregisters a backing id returned by {@link #open}. */
    void close(int backingId);

    /** No passthrough (the transport has no /dev/fuse, e.g. virtio-fs, or the kernel is too old). */
    BackingFiles NONE = new BackingFiles() {
        @Override
        public int open(int fd) {
            return -io.jvirtiod.binding.sys.Errno.EOPNOTSUPP;
        }

        @Override
        public void close(int backingId) {
        }
    };
}
