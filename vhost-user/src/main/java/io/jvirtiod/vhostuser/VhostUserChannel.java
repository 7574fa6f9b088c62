package io.jvirtiod.vhostuser;

import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.FdPassing;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.vhost.VhostUserH;

import java.lang.foreign.MemorySegment;

/**
 * The socket of one vhost-user connection: receives a message with the file descriptors that came with it
 * (SCM_RIGHTS) and sends replies, optionally with one descriptor. Framing is checked before a payload byte is
 * read: the header's version must be 1 and its size at most the largest payload, so a lying size can neither
 * overrun the buffer nor swallow the next message. Descriptors are owned by the channel until a handler takes
 * one; whatever a message brought and nobody took is closed after it is handled.
 */
final class VhostUserChannel implements AutoCloseable {
    /** Most fds one message may carry: SET_MEM_TABLE's regions (vhost-user.rst: "up to 8 regions"). */
    static final int MAX_FDS = VhostUserH.VHOST_MEMORY_BASELINE_NREGIONS;

    private final int fd;
    private final FdPassing passing = new FdPassing(MAX_FDS);
    private final int[] fds = new int[MAX_FDS];
    private final int[] one = new int[1];
    private int fdCount;

    VhostUserChannel(int fd) {
        this.fd = fd;
    }

    int fd() {
        return fd;
    }

    /**
     * Reads the next message into {@code m}; returns false at a clean end of stream (the front-end closed the
     * connection between messages).
     */
    boolean receive(VhostUserMessage m) throws VhostUserProtocolException {
        closeUntakenFds();
        MemorySegment header = m.header();
        long r;
        do {
            r = passing.receiveRaw(fd, header, 0);
        } while (r == -Errno.EINTR);
        if (r == FdPassing.TRUNCATED) {
            throw new VhostUserProtocolException("message carried more than " + MAX_FDS + " file descriptors"
                    + " (vhost-user.rst: at most " + MAX_FDS + ", SET_MEM_TABLE's regions); closed them");
        }
        if (r < 0) throw new VhostUserProtocolException("recvmsg failed: " + Errno.name((int) -r));
        if (r == 0) return false;
        fdCount = passing.fdCount();
        for (int i = 0; i < fdCount; i++) fds[i] = passing.fd(i);
        readFully(header, r, "header");
        if ((m.flags() & VhostUserH.VHOST_USER_VERSION_MASK) != VhostUserH.VHOST_USER_VERSION) {
            throw new VhostUserProtocolException(VhostUserH.requestName(m.request()) + " with flags 0x"
                    + Integer.toHexString(m.flags()) + ": version must be 1 (vhost-user.rst, \"Header\")");
        }
        int size = m.size();
        if (size < 0 || size > VhostUserMessage.MAX_PAYLOAD) {
            throw new VhostUserProtocolException(VhostUserH.requestName(m.request()) + " announces a payload of "
                    + Integer.toUnsignedString(size) + " bytes; the largest payload is " + VhostUserMessage.MAX_PAYLOAD);
        }
        m.payload().asSlice(0, size).fill((byte) 0); // a short read must not leave the previous message's bytes
        readFully(m.payload().asSlice(0, size), 0, "payload");
        return true;
    }

    private void readFully(MemorySegment buf, long have, String what) throws VhostUserProtocolException {
        while (have < buf.byteSize()) {
            long r = FileIo.readRaw(fd, buf.asSlice(have));
            if (r == -Errno.EINTR) continue;
            if (r < 0) throw new VhostUserProtocolException("read of the " + what + " failed: " + Errno.name((int) -r));
            if (r == 0) {
                throw new VhostUserProtocolException("connection closed inside a message's " + what + " (" + have
                        + " of " + buf.byteSize() + " bytes)");
            }
            have += r;
        }
    }

    /** Descriptors that came with the current message and are not yet taken. */
    int fdCount() {
        return fdCount;
    }

    /** Takes descriptor {@code i} of the current message: the caller now owns it. */
    int takeFd(int i) {
        if (i < 0 || i >= fdCount || fds[i] < 0) throw new IllegalStateException("fd " + i + " is not available");
        int f = fds[i];
        fds[i] = -1;
        return f;
    }

    /** Closes every descriptor of the current message that no handler took. */
    void closeUntakenFds() {
        for (int i = 0; i < fdCount; i++) {
            if (fds[i] >= 0) FileIo.closeRaw(fds[i]);
            fds[i] = -1;
        }
        fdCount = 0;
    }

    /** Sends {@code m} (header and payload) with {@code sendFd} if it is not negative. */
    void send(VhostUserMessage m, int sendFd) throws VhostUserProtocolException {
        MemorySegment wire = m.buffer().asSlice(0, m.wireLength());
        one[0] = sendFd;
        long sent = 0;
        int nfds = sendFd >= 0 ? 1 : 0;
        while (sent < wire.byteSize()) {
            long r = passing.sendRaw(fd, wire.asSlice(sent), one, nfds);
            if (r == -Errno.EINTR) continue;
            if (r < 0) throw new VhostUserProtocolException("sending the reply failed: " + Errno.name((int) -r));
            sent += r;
            nfds = 0; // the descriptor went with the first byte
        }
    }

    @Override
    public void close() {
        closeUntakenFds();
        FileIo.closeRaw(fd);
    }
}
