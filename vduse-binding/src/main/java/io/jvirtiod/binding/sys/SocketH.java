package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.util.List;

/**
 * sys/socket.h and sys/un.h: what the daemon needs of sockets: UNIX stream sockets (vhost-user, the control
 * socket), SCM_RIGHTS file descriptor passing and the peer's credentials.
 */
public final class SocketH {
    private SocketH() {}

    public static final List<String> C_INCLUDES = List.of("sys/socket.h", "sys/un.h");
    public static final List<MemoryLayout> C_STRUCTS = List.of(MsgHdr.LAYOUT, CmsgHdr.LAYOUT, SockaddrUn.LAYOUT,
            Ucred.LAYOUT);

    public static final int AF_UNIX = 1;

    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_SEQPACKET = 5;
    public static final int SOCK_NONBLOCK = 04000;
    public static final int SOCK_CLOEXEC = 02000000;

    public static final int SOL_SOCKET = 1;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_PASSCRED = 16;
    public static final int SO_PEERCRED = 17;
    public static final int SOMAXCONN = 4096;

    /** cmsg_type at SOL_SOCKET: file descriptors. */
    public static final int SCM_RIGHTS = 1;
    /** cmsg_type at SOL_SOCKET: a struct ucred. */
    public static final int SCM_CREDENTIALS = 2;

    public static final int MSG_PEEK = 0x02;
    /** recvmsg: ancillary data did not fit the control buffer (and whatever did not fit was discarded). */
    public static final int MSG_CTRUNC = 0x08;
    /** recvmsg: a datagram was longer than the buffer. */
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_WAITALL = 0x100;
    /** sendmsg: report EPIPE instead of raising SIGPIPE. */
    public static final int MSG_NOSIGNAL = 0x4000;
    /** recvmsg: received descriptors are close-on-exec. */
    public static final int MSG_CMSG_CLOEXEC = 0x40000000;

    public static final int SHUT_RD = 0;
    public static final int SHUT_WR = 1;
    public static final int SHUT_RDWR = 2;
}
