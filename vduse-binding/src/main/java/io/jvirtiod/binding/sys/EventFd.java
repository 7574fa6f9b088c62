package io.jvirtiod.binding.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.jvirtiod.binding.sys.Native.C_INT;
import static io.jvirtiod.binding.sys.Native.C_UINT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * eventfd(2): the 64-bit counters through which a driver kicks a virtqueue and a device calls back (VDUSE kick
 * fds, vhost-user kick/call fds). Signalling and draining are on every request's path, so they allocate nothing:
 * the 8-byte value travels through a per-thread buffer.
 */
public final class EventFd {
    private EventFd() {}

    private static final MethodHandle EVENTFD = Native.errnoCall("eventfd", FunctionDescriptor.of(C_INT, C_UINT, C_INT));

    private static final ThreadLocal<MemorySegment> VALUE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(JAVA_LONG));

    /** eventfd(initval, flags); returns the fd or -errno. */
    public static int createRaw(int initval, int flags) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) EVENTFD.invokeExact(cap, initval, flags);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    public static int create(int initval, int flags) {
        int r = createRaw(initval, flags);
        if (r < 0) throw new ErrnoException("eventfd(" + initval + ", " + flags + ")", -r);
        return r;
    }

    /**
     * Adds {@code value} (1 to 0xfffffffffffffffe, as unsigned) to the counter; returns 0 or -errno (EAGAIN when a
     * non-blocking counter would overflow).
     */
    public static int addRaw(int fd, long value) {
        MemorySegment v = VALUE.get();
        v.set(JAVA_LONG, 0, value);
        long r = FileIo.writeRaw(fd, v);
        return r < 0 ? (int) r : 0;
    }

    /** Adds 1 to the counter (a kick or a call); returns 0 or -errno. */
    public static int signalRaw(int fd) {
        return addRaw(fd, 1);
    }

    public static void signal(int fd) {
        int r = signalRaw(fd);
        if (r < 0) throw new ErrnoException("eventfd signal(" + fd + ")", -r);
    }

    /**
     * Reads and resets the counter (or takes 1 with EFD_SEMAPHORE); returns the value read, or -errno (EAGAIN on a
     * non-blocking fd whose counter is 0). A counter of 2^63 or more, which only a hostile writer produces, reads as
     * Long.MAX_VALUE so it cannot pass for an errno.
     */
    public static long drainRaw(int fd) {
        MemorySegment v = VALUE.get();
        long r = FileIo.readRaw(fd, v);
        if (r < 0) return r;
        long value = v.get(JAVA_LONG, 0);
        return value < 0 ? Long.MAX_VALUE : value;
    }

    public static long drain(int fd) {
        long r = drainRaw(fd);
        if (r < 0) throw new ErrnoException("eventfd drain(" + fd + ")", (int) -r);
        return r;
    }
}
