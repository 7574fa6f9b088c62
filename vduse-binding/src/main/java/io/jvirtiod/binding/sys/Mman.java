package io.jvirtiod.binding.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.jvirtiod.binding.sys.Native.C_INT;
import static io.jvirtiod.binding.sys.Native.C_LONG;
import static io.jvirtiod.binding.sys.Native.C_POINTER;
import static io.jvirtiod.binding.sys.Native.C_SIZE_T;

/**
 * mmap/munmap/msync. A mapping comes back as a {@link MemorySegment} of exactly the mapped length, so every
 * access through it is bounds-checked by the JVM: guest memory can never be read past its region.
 */
public final class Mman {
    private Mman() {}

    private static final MethodHandle MMAP = Native.errnoCall("mmap",
            FunctionDescriptor.of(C_POINTER, C_POINTER, C_SIZE_T, C_INT, C_INT, C_INT, C_LONG));
    private static final MethodHandle MUNMAP = Native.errnoCall("munmap",
            FunctionDescriptor.of(C_INT, C_POINTER, C_SIZE_T));
    private static final MethodHandle MSYNC = Native.errnoCall("msync",
            FunctionDescriptor.of(C_INT, C_POINTER, C_SIZE_T, C_INT));

    /** mmap(NULL, length, prot, flags, fd, offset) as a segment of {@code length} bytes. */
    public static MemorySegment mmap(long length, int prot, int flags, int fd, long offset) {
        if (length <= 0) throw new IllegalArgumentException("mmap length " + length + " must be positive");
        MemorySegment cap = Native.capture();
        MemorySegment r;
        try {
            r = (MemorySegment) MMAP.invokeExact(cap, MemorySegment.NULL, length, prot, flags, fd, offset);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
        if (r.address() == -1L) {
            throw new ErrnoException("mmap(fd=" + fd + ", length=" + length + ", offset=" + offset + ")",
                    Native.errno(cap));
        }
        return r.reinterpret(length);
    }

    /** munmap of a segment returned by {@link #mmap}; the segment must not be used afterwards. */
    public static void munmap(MemorySegment mapping) {
        MemorySegment cap = Native.capture();
        int r;
        try {
            r = (int) MUNMAP.invokeExact(cap, mapping, mapping.byteSize());
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
        if (r < 0) throw new ErrnoException("munmap(" + mapping.byteSize() + " bytes)", Native.errno(cap));
    }

    /** msync(2) of a whole mapping or a page-aligned part of it. */
    public static void msync(MemorySegment range, int flags) {
        MemorySegment cap = Native.capture();
        int r;
        try {
            r = (int) MSYNC.invokeExact(cap, range, range.byteSize(), flags);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
        if (r < 0) throw new ErrnoException("msync(" + range.byteSize() + " bytes)", Native.errno(cap));
    }
}
