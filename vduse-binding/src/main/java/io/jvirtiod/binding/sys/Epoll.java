package io.jvirtiod.binding.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.jvirtiod.binding.sys.Native.C_INT;
import static io.jvirtiod.binding.sys.Native.C_POINTER;

/**
 * epoll_create1/epoll_ctl/epoll_wait. The wait is the heart of every event loop, so it fills a caller-owned
 * {@link EpollEvent} array and allocates nothing; epoll_ctl uses a per-thread event buffer for the same reason.
 */
public final class Epoll {
    private Epoll() {}

    private static final MethodHandle CREATE1 = Native.errnoCall("epoll_create1", FunctionDescriptor.of(C_INT, C_INT));
    private static final MethodHandle CTL = Native.errnoCall("epoll_ctl",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER));
    private static final MethodHandle WAIT = Native.errnoCall("epoll_wait",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT, C_INT));

    private static final ThreadLocal<MemorySegment> EVENT =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(EpollEvent.LAYOUT));

    /** An array for {@code maxEvents} reports, to be reused across waits. */
    public static MemorySegment allocateEvents(Arena arena, int maxEvents) {
        if (maxEvents <= 0) throw new IllegalArgumentException("maxEvents " + maxEvents + " must be positive");
        return arena.allocate(EpollEvent.SIZE * maxEvents, 8);
    }

    /** epoll_create1(flags); returns the fd or -errno. */
    public static int create1Raw(int flags) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) CREATE1.invokeExact(cap, flags);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    public static int create1(int flags) {
        int r = create1Raw(flags);
        if (r < 0) throw new ErrnoException("epoll_create1(" + flags + ")", -r);
        return r;
    }

    /** epoll_ctl(epfd, op, fd, {events, data}); returns 0 or -errno. */
    public static int ctlRaw(int epfd, int op, int fd, int events, long data) {
        MemorySegment ev = EVENT.get();
        EpollEvent.events(ev, events);
        EpollEvent.data(ev, data);
        MemorySegment cap = Native.capture();
        try {
            int r = (int) CTL.invokeExact(cap, epfd, op, fd, ev);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    public static void ctl(int epfd, int op, int fd, int events, long data) {
        int r = ctlRaw(epfd, op, fd, events, data);
        if (r < 0) throw new ErrnoException("epoll_ctl(" + epfd + ", op " + op + ", fd " + fd + ")", -r);
    }

    /**
     * epoll_wait into {@code events} (an {@link EpollEvent} array of at least {@code maxEvents} entries); returns
     * the number of reports, 0 on timeout, or -errno (-EINTR when a signal interrupted the wait).
     */
    public static int waitEventsRaw(int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
        if (maxEvents <= 0 || maxEvents * EpollEvent.SIZE > events.byteSize()) {
            throw new IllegalArgumentException("maxEvents " + maxEvents + " does not fit an event array of "
                    + events.byteSize() + " bytes");
        }
        MemorySegment cap = Native.capture();
        try {
            int r = (int) WAIT.invokeExact(cap, epfd, events, maxEvents, timeoutMillis);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    public static int waitEvents(int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
        int r = waitEventsRaw(epfd, events, maxEvents, timeoutMillis);
        if (r < 0) throw new ErrnoException("epoll_wait(" + epfd + ")", -r);
        return r;
    }
}
