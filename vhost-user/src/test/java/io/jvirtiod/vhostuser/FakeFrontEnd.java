package io.jvirtiod.vhostuser;

import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.FdPassing;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.SocketH;
import io.jvirtiod.binding.sys.UnixSocket;
import io.jvirtiod.binding.vhost.VhostUserH;
import io.jvirtiod.binding.vhost.VhostUserHeader;
import io.jvirtiod.binding.vhost.VhostUserPayload;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * A vhost-user front-end for tests, speaking the wire protocol as QEMU does (header, payload, SCM_RIGHTS fds),
 * and able to send what QEMU never would (wrong sizes, bad flags, stray fds). Public, with {@link
 * VhostUserFsFixture} and {@link FuseOverRing}, for the end-to-end tests that drive a daemon in another process.
 */
public final class FakeFrontEnd implements AutoCloseable {
    private final int sock;
    private final Arena arena = Arena.ofConfined();
    private final FdPassing passing = new FdPassing(16);
    private final MemorySegment out = arena.allocate(VhostUserMessage.HEADER + 4096, 8);
    private final MemorySegment in = arena.allocate(VhostUserMessage.HEADER + 4096, 8);
    /** Fds that came with the last reply (the test owns them). */
    int[] replyFds = new int[0];

    private FakeFrontEnd(int sock) {
        this.sock = sock;
    }

    static FakeFrontEnd connect(Path socket) {
        int fd = UnixSocket.socket(SocketH.SOCK_STREAM | SocketH.SOCK_CLOEXEC);
        UnixSocket.connect(fd, socket.toString());
        return new FakeFrontEnd(fd);
    }

    /** The payload area of the next message to send. */
    MemorySegment payload() {
        return out.asSlice(VhostUserMessage.HEADER);
    }

    /** Sends a request whose header claims {@code sizeField} payload bytes, and {@code sendBytes} of payload. */
    void sendRaw(int request, int flags, int sizeField, int sendBytes, int... fds) {
        VhostUserHeader.request(out, request);
        VhostUserHeader.flags(out, flags);
        VhostUserHeader.size(out, sizeField);
        passing.send(sock, out.asSlice(0, VhostUserMessage.HEADER + sendBytes), fds, fds.length);
    }

    void send(int request, int size, int... fds) {
        sendRaw(request, VhostUserH.VHOST_USER_VERSION, size, size, fds);
    }

    /** Sends with need_reply and returns the REPLY_ACK status. */
    long sendAcked(int request, int size, int... fds) {
        sendRaw(request, VhostUserH.VHOST_USER_VERSION | VhostUserH.VHOST_USER_NEED_REPLY_MASK, size, size, fds);
        receive(request);
        return VhostUserPayload.u64(replyPayload());
    }

    void setU64(int request, long value) {
        VhostUserPayload.u64(payload(), value);
        send(request, 8);
    }

    long getU64(int request) {
        send(request, 0);
        receive(request);
        return VhostUserPayload.u64(replyPayload());
    }

    /** Reads one reply to {@code request}; fails if the back-end closed the connection instead. */
    void receive(int request) {
        long r = receiveHeader();
        if (r == 0) throw new AssertionError("the back-end closed the connection instead of replying to "
                + VhostUserH.requestName(request));
        if (VhostUserHeader.request(in) != request
                || VhostUserHeader.flags(in) != (VhostUserH.VHOST_USER_VERSION | VhostUserH.VHOST_USER_REPLY_MASK)) {
            throw new AssertionError("reply " + VhostUserHeader.request(in) + " flags 0x"
                    + Integer.toHexString(VhostUserHeader.flags(in)) + " to " + VhostUserH.requestName(request));
        }
        int size = VhostUserHeader.size(in);
        long have = 0;
        while (have < size) {
            long n = FileIo.readRaw(sock, in.asSlice(VhostUserMessage.HEADER + have, size - have));
            if (n <= 0) throw new AssertionError("short reply payload");
            have += n;
        }
    }

    private long receiveHeader() {
        long r = passing.receive(sock, in.asSlice(0, VhostUserMessage.HEADER));
        replyFds = new int[passing.fdCount()];
        for (int i = 0; i < replyFds.length; i++) replyFds[i] = passing.fd(i);
        while (r > 0 && r < VhostUserMessage.HEADER) {
            long n = FileIo.readRaw(sock, in.asSlice(r, VhostUserMessage.HEADER - r));
            if (n <= 0) throw new AssertionError("short reply header");
            r += n;
        }
        return r;
    }

    MemorySegment replyPayload() {
        return in.asSlice(VhostUserMessage.HEADER, VhostUserHeader.size(in));
    }

    /** True once the back-end has closed the connection (reads end of stream; blocks until it does). */
    boolean closedByBackEnd() {
        long r = passing.receiveRaw(sock, in.asSlice(0, VhostUserMessage.HEADER), 0);
        return r == 0 || r == -Errno.ECONNRESET;
    }

    /** Ends the stream towards the back-end (it reads end of file), keeping the way back open. */
    void shutdownWrite() {
        UnixSocket.shutdownRaw(sock, SocketH.SHUT_WR);
    }

    @Override
    public void close() {
        FileIo.closeRaw(sock);
        arena.close();
    }
}
