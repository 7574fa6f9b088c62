/**
 * The file-system device: a {@link io.jvirtiod.fs.FileSystem} answers FUSE operations for one tree, whatever
 * carries them. Transports (the /dev/fuse mount in {@code io.jvirtiod.fs.fuse}, virtio-fs queues) hand raw
 * requests to {@link io.jvirtiod.fs.protocol.FuseDispatcher}, which validates them, calls the file system and
 * encodes its replies.
 *
 * <p>Implementing a file system: return 0 / a count, or a negative errno; fill the output flyweight; for READ,
 * {@code preadv(fd, dst.iovecs(), dst.count(), in.offset())} reads straight into the transport's buffers, and
 * for WRITE {@code pwritev(fd, src.iovecs(), src.count(), in.offset())} writes straight from them. Ask for
 * features in {@link io.jvirtiod.fs.FileSystem#init}: e.g. FUSE_PASSTHROUGH with
 * {@code config.maxStackDepth(1)} when {@code config.backing()} is available, then answer OPEN with
 * {@code out.openFlags(FOPEN_PASSTHROUGH).backingId(config.backing().open(fd))}.
 */
package io.jvirtiod.fs;
