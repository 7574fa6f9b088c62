package io.jvirtiod.fs.fuse;

import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.fs.Notifier;
import io.jvirtiod.fs.protocol.NotifyEncoder;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * Notifications written to the session's /dev/fuse fd (any fd of the session takes them). One buffer,
 * serialized: notifications are rare and each must go out as a single write.
 */
final class DevFuseNotifier implements Notifier {
    private final int fd;
    private final MemorySegment buf = Arena.ofAuto().allocate(64 + NotifyEncoder.MAX_NAME, 8);
    private boolean closed;

    DevFuseNotifier(int fd) {
        this.fd = fd;
    }

    @Override
    public synchronized int invalInode(long nodeid, long offset, long length) {
        return write(NotifyEncoder.invalInode(buf, nodeid, offset, length));
    }

    @Override
    public synchronized int invalEntry(long parent, String name, boolean expireOnly) {
        return write(NotifyEncoder.invalEntry(buf, parent, name.getBytes(StandardCharsets.UTF_8), expireOnly));
    }

    @Override
    public synchronized int delete(long parent, long child, String name) {
        return write(NotifyEncoder.delete(buf, parent, child, name.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public synchronized int resend() {
        return write(NotifyEncoder.resend(buf));
    }

    /** Called before the session fd is closed, so a late notification never reaches a reused fd number. */
    synchronized void close() {
        closed = true;
    }

    private int write(int len) {
        if (closed) return -Errno.ENODEV;
        long r = FileIo.writeRaw(fd, buf.asSlice(0, len));
        return r < 0 ? (int) r : 0;
    }
}
