package io.jvirtiod.binding.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.jvirtiod.binding.sys.Native.C_INT;
import static io.jvirtiod.binding.sys.Native.C_LONG;
import static io.jvirtiod.binding.sys.Native.C_POINTER;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * UNIX domain sockets: socket, socketpair, bind, listen, accept4, connect, shutdown, getsockopt(SO_PEERCRED) and
 * raw sendmsg/recvmsg. Passing file descriptors over them is {@link FdPassing}'s job. Addresses are file-system
 * paths (sockaddr_un); connection setup allocates, the message calls do not.
 */
public final class UnixSocket {
    private UnixSocket() {}

    private static final MethodHandle SOCKET = Native.errnoCall("socket",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT));
    private static final MethodHandle SOCKETPAIR = Native.errnoCall("socketpair",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER));
    private static final MethodHandle BIND = Native.errnoCall("bind",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT));
    private static final MethodHandle CONNECT = Native.errnoCall("connect",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT));
    private static final MethodHandle LISTEN = Native.errnoCall("listen", FunctionDescriptor.of(C_INT, C_INT, C_INT));
    private static final MethodHandle ACCEPT4 = Native.errnoCall("accept4",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER, C_INT));
    private static final MethodHandle SHUTDOWN = Native.errnoCall("shutdown", FunctionDescriptor.of(C_INT, C_INT, C_INT));
    private static final MethodHandle GETSOCKOPT = Native.errnoCall("getsockopt",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER, C_POINTER));
    private static final MethodHandle SENDMSG = Native.errnoCall("sendmsg",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_INT));
    private static final MethodHandle RECVMSG = Native.errnoCall("recvmsg",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_INT));

    private static int check(int r, String call) {
        if (r < 0) throw new ErrnoException(call, -r);
        return r;
    }

    private static int result(int r, MemorySegment cap) {
        return r < 0 ? -Native.errno(cap) : r;
    }

    /** socket(domain, type, protocol); returns the fd or -errno. */
    public static int socketRaw(int domain, int type, int protocol) {
        MemorySegment cap = Native.capture();
        try {
            return result((int) SOCKET.invokeExact(cap, domain, type, protocol), cap);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** An AF_UNIX socket of {@code type} (SOCK_STREAM, ... | SOCK_CLOEXEC | SOCK_NONBLOCK). */
    public static int socket(int type) {
        return check(socketRaw(SocketH.AF_UNIX, type, 0), "socket(AF_UNIX, " + type + ")");
    }

    /** socketpair(domain, type, protocol, sv) into the two ints of {@code sv}; returns 0 or -errno. */
    public static int socketpairRaw(int domain, int type, int protocol, MemorySegment sv) {
        if (sv.byteSize() < 2 * JAVA_INT.byteSize()) throw new IllegalArgumentException("socketpair needs 8 bytes for two fds");
        MemorySegment cap = Native.capture();
        try {
            return result((int) SOCKETPAIR.invokeExact(cap, domain, type, protocol, sv), cap);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** A connected pair of AF_UNIX sockets of {@code type}. */
    public static int[] socketpair(int type) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sv = a.allocate(JAVA_INT, 2);
            check(socketpairRaw(SocketH.AF_UNIX, type, 0, sv), "socketpair(AF_UNIX, " + type + ")");
            return new int[] {sv.getAtIndex(JAVA_INT, 0), sv.getAtIndex(JAVA_INT, 1)};
        }
    }

    /** bind(fd, addr, addrlen) with a filled {@link SockaddrUn}; returns 0 or -errno. */
    public static int bindRaw(int fd, MemorySegment addr, int addrlen) {
        MemorySegment cap = Native.capture();
        try {
            return result((int) BIND.invokeExact(cap, fd, addr, addrlen), cap);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    public static void bind(int fd, String path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment addr = a.allocate(SockaddrUn.LAYOUT);
            check(bindRaw(fd, addr, SockaddrUn.set(addr, path)), "bind(" + fd + ", \"" + path + "\")");
        }
    }

    /** connect(fd, addr, addrlen) with a filled {@link SockaddrUn}; returns 0 or -errno. */
    public static int connectRaw(int fd, MemorySegment addr, int addrlen) {
        MemorySegment cap = Native.capture();
        try {
            return result((int) CONNECT.invokeExact(cap, fd, addr, addrlen), cap);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    public static void connect(int fd, String path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment addr = a.allocate(SockaddrUn.LAYOUT);
            check(connectRaw(fd, addr, SockaddrUn.set(addr, path)), "connect(" + fd + ", \"" + path + "\")");
        }
    }

    /** listen(fd, backlog); returns 0 or -errno. */
    public static int listenRaw(int fd, int backlog) {
        MemorySegment cap = Native.capture();
        try {
            return result((int) LISTEN.invokeExact(cap, fd, backlog), cap);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    public static void listen(int fd, int backlog) {
        check(listenRaw(fd, backlog), "listen(" + fd + ", " + backlog + ")");
    }

    /** accept4(fd, NULL, NULL, flags) (SOCK_CLOEXEC, SOCK_NONBLOCK); returns the new fd or -errno. */
    public static int accept4Raw(int fd, int flags) {
        MemorySegment cap = Native.capture();
        try {
            return result((int) ACCEPT4.invokeExact(cap, fd, MemorySegment.NULL, MemorySegment.NULL, flags), cap);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    public static int accept4(int fd, int flags) {
        return check(accept4Raw(fd, flags), "accept4(" + fd + ")");
    }

    /** shutdown(fd, how) (SHUT_RD/WR/RDWR); returns 0 or -errno. */
    public static int shutdownRaw(int fd, int how) {
        MemorySegment cap = Native.capture();
        try {
            return result((int) SHUTDOWN.invokeExact(cap, fd, how), cap);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** getsockopt(fd, SOL_SOCKET, SO_PEERCRED) into a {@link Ucred} segment: who is at the other end. */
    public static void peerCredentials(int fd, MemorySegment ucred) {
        if (ucred.byteSize() < Ucred.SIZE) throw new IllegalArgumentException("a struct ucred needs " + Ucred.SIZE + " bytes");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment len = a.allocateFrom(JAVA_INT, (int) Ucred.SIZE);
            MemorySegment cap = Native.capture();
            int r;
            try {
                r = result((int) GETSOCKOPT.invokeExact(cap, fd, SocketH.SOL_SOCKET, SocketH.SO_PEERCRED, ucred, len), cap);
            } catch (Throwable t) {
                throw Native.unexpected(t);
            }
            check(r, "getsockopt(" + fd + ", SO_PEERCRED)");
        }
    }

    /** sendmsg(fd, msg, flags) with a filled {@link MsgHdr}; returns bytes sent or -errno. */
    public static long sendmsgRaw(int fd, MemorySegment msg, int flags) {
        MemorySegment cap = Native.capture();
        try {
            long r = (long) SENDMSG.invokeExact(cap, fd, msg, flags);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** recvmsg(fd, msg, flags) with a filled {@link MsgHdr}; returns bytes received (0 at end of stream) or -errno. */
    public static long recvmsgRaw(int fd, MemorySegment msg, int flags) {
        MemorySegment cap = Native.capture();
        try {
            long r = (long) RECVMSG.invokeExact(cap, fd, msg, flags);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }
}
