package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.util.List;

/** sys/epoll.h: the flags, operations and event bits of epoll, the daemon's readiness loop over kick eventfds and sockets. */
public final class EpollH {
    private EpollH() {}

    public static final List<String> C_INCLUDES = List.of("sys/epoll.h");
    public static final List<MemoryLayout> C_STRUCTS = List.of(EpollEvent.LAYOUT);

    public static final int EPOLL_CLOEXEC = 02000000;

    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLL_CTL_MOD = 3;

    public static final int EPOLLIN = 0x001;
    public static final int EPOLLPRI = 0x002;
    public static final int EPOLLOUT = 0x004;
    public static final int EPOLLERR = 0x008;
    public static final int EPOLLHUP = 0x010;
    public static final int EPOLLRDHUP = 0x2000;
    public static final int EPOLLEXCLUSIVE = 1 << 28;
    public static final int EPOLLWAKEUP = 1 << 29;
    public static final int EPOLLONESHOT = 1 << 30;
    public static final int EPOLLET = 1 << 31;
}
