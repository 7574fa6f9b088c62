package io.jvirtiod.binding.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.jvirtiod.binding.sys.Native.C_INT;
import static io.jvirtiod.binding.sys.Native.C_LONG;
import static io.jvirtiod.binding.sys.Native.C_POINTER;

/** ioctl(2) with a pointer argument or an integer argument. Request numbers come from the header bindings. */
public final class Ioctl {
    private Ioctl() {}

    private static final MethodHandle IOCTL_PTR = Native.errnoCall("ioctl",
            FunctionDescriptor.of(C_INT, C_INT, C_LONG, C_POINTER), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle IOCTL_LONG = Native.errnoCall("ioctl",
            FunctionDescriptor.of(C_INT, C_INT, C_LONG, C_LONG), Linker.Option.firstVariadicArg(2));

    /** ioctl(fd, request, arg) with a pointer; returns the non-negative result or -errno. */
    public static int ioctlRaw(int fd, long request, MemorySegment arg) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) IOCTL_PTR.invokeExact(cap, fd, request, arg);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** ioctl(fd, request, value) with an integer argument; returns the result or -errno. */
    public static int ioctlRaw(int fd, long request, long value) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) IOCTL_LONG.invokeExact(cap, fd, request, value);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** As {@link #ioctlRaw(int, long, MemorySegment)}, throwing with {@code name} (e.g. "VDUSE_CREATE_DEV"). */
    public static int ioctl(int fd, long request, MemorySegment arg, String name) {
        int r = ioctlRaw(fd, request, arg);
        if (r < 0) throw new ErrnoException("ioctl(" + fd + ", " + name + ")", -r);
        return r;
    }

    public static int ioctl(int fd, long request, long value, String name) {
        int r = ioctlRaw(fd, request, value);
        if (r < 0) throw new ErrnoException("ioctl(" + fd + ", " + name + ", " + value + ")", -r);
        return r;
    }
}
