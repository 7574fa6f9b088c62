package io.jvirtiod.binding.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.jvirtiod.binding.sys.Native.C_INT;
import static io.jvirtiod.binding.sys.Native.C_LONG;
import static io.jvirtiod.binding.sys.Native.C_POINTER;
import static io.jvirtiod.binding.sys.Native.C_SIZE_T;

/**
 * getdents64(2): reads raw directory records ({@link Dirent64}) from a directory fd at its current offset. Used
 * instead of readdir(3) because FUSE READDIR needs the kernel's d_off cookies to resume at a stable position.
 */
public final class Dirents {
    private Dirents() {}

    private static final MethodHandle GETDENTS64 = Native.errnoCall("getdents64",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_SIZE_T));

    /** Fills {@code buf} with whole records; returns the bytes filled (0 at the end) or -errno. */
    public static long getdents64Raw(int fd, MemorySegment buf) {
        MemorySegment cap = Native.capture();
        try {
            long r = (long) GETDENTS64.invokeExact(cap, fd, buf, buf.byteSize());
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    public static long getdents64(int fd, MemorySegment buf) {
        long r = getdents64Raw(fd, buf);
        if (r < 0) throw new ErrnoException("getdents64(" + fd + ")", (int) -r);
        return r;
    }
}
