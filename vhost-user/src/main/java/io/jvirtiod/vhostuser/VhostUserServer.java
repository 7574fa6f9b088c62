package io.jvirtiod.vhostuser;

import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.SocketH;
import io.jvirtiod.binding.sys.UnixSocket;
import io.jvirtiod.binding.vhost.VhostUserH;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Serves a vhost-user device on a listening UNIX socket: accepts one front-end at a time (vhost-user has one
 * front-end per back-end), runs its messages through a fresh {@link VhostUserBackend}, and when the connection
 * ends, for whatever reason (the front-end left, or broke the protocol and was disconnected with the reason
 * logged), tears everything down and accepts the next one. So a malformed message costs one connection, never
 * the daemon, and a front-end that reconnects (QEMU's {@code reconnect=} chardev option) finds it waiting.
 */
public final class VhostUserServer {
    private static final System.Logger LOG = System.getLogger(VhostUserServer.class.getName());

    private final int listenFd;
    private final VhostUserDevice device;
    private final String name;
    private final Consumer<String> onClose;
    private volatile boolean stopping;
    private volatile int connectionFd = -1;
    private volatile long connections;

    /**
     * @param listenFd a listening SOCK_STREAM UNIX socket (ours from --socket-path, or inherited as --fd=N)
     * @param onClose  told why each connection ended (null: "front-end closed the connection" for a clean end)
     */
    public VhostUserServer(int listenFd, VhostUserDevice device, String name, Consumer<String> onClose) {
        this.listenFd = listenFd;
        this.device = device;
        this.name = name;
        this.onClose = onClose == null ? r -> {} : onClose;
    }

    /** Connections accepted so far. */
    public long connections() {
        return connections;
    }

    /** Accepts and serves front-ends until {@link #stop}; returns then. */
    public void run() {
        while (!stopping) {
            int fd = UnixSocket.accept4Raw(listenFd, SocketH.SOCK_CLOEXEC);
            if (fd == -Errno.EINTR || fd == -Errno.ECONNABORTED) continue;
            if (fd < 0) {
                if (stopping) return;
                throw new IllegalStateException("accept on the vhost-user socket (fd " + listenFd + ") failed: "
                        + Errno.name(-fd));
            }
            connections++;
            LOG.log(System.Logger.Level.INFO, name + ": front-end connected");
            connectionFd = fd;
            String reason = serve(fd);
            connectionFd = -1;
            LOG.log(reason.startsWith("front-end closed") ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
                    name + ": connection closed: " + reason);
            onClose.accept(reason);
        }
    }

    /** Serves one connected front-end until it leaves or breaks the protocol; returns why the connection ended. */
    String serve(int fd) {
        try (Arena arena = Arena.ofConfined();
             VhostUserChannel ch = new VhostUserChannel(fd);
             VhostUserBackend backend = new VhostUserBackend(device, name)) {
            VhostUserMessage request = new VhostUserMessage(arena);
            VhostUserMessage reply = new VhostUserMessage(arena);
            while (true) {
                if (!ch.receive(request)) return "front-end closed the connection";
                LOG.log(System.Logger.Level.TRACE, () -> name + ": " + VhostUserH.requestName(request.request()));
                backend.handle(request, ch, reply);
            }
        } catch (VhostUserProtocolException e) {
            return e.getMessage();
        } catch (RuntimeException | Error e) {
            // Our own failure on this connection (out of memory mapping a region; an InternalError when guest memory
            // faults, the front-end having shrunk a file it shared): drop the connection, keep the daemon.
            LOG.log(System.Logger.Level.ERROR, name + ": internal error on the connection", e);
            return "internal error: " + e;
        }
    }

    /** Stops accepting and ends the current connection; {@link #run} returns. */
    public void stop() {
        stopping = true;
        UnixSocket.shutdownRaw(listenFd, SocketH.SHUT_RDWR);
        int c = connectionFd;
        if (c >= 0) UnixSocket.shutdownRaw(c, SocketH.SHUT_RDWR);
    }

    /** Creates, binds and listens on a UNIX socket at {@code path} (removing a stale socket file first). */
    public static int listen(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int fd = UnixSocket.socket(SocketH.SOCK_STREAM | SocketH.SOCK_CLOEXEC);
        try {
            UnixSocket.bind(fd, path.toString());
            UnixSocket.listen(fd, 1);
            return fd;
        } catch (RuntimeException e) {
            FileIo.closeRaw(fd);
            throw e;
        }
    }
}
