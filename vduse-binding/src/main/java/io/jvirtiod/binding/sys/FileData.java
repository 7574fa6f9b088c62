package io.jvirtiod.binding.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.jvirtiod.binding.sys.Native.C_INT;
import static io.jvirtiod.binding.sys.Native.C_LONG;
import static io.jvirtiod.binding.sys.Native.C_OFF_T;
import static io.jvirtiod.binding.sys.Native.C_POINTER;
import static io.jvirtiod.binding.sys.Native.C_SIZE_T;
import static io.jvirtiod.binding.sys.Native.C_UINT;

/**
 * Calls on an open file's data and its durability: ftruncate, fallocate, lseek (SEEK_DATA/SEEK_HOLE), fsync,
 * fdatasync, syncfs and copy_file_range (server-side copy, FUSE_COPY_FILE_RANGE).
 */
public final class FileData {
    private FileData() {}

    private static final MethodHandle FTRUNCATE = Native.errnoCall("ftruncate64",
            FunctionDescriptor.of(C_INT, C_INT, C_OFF_T));
    private static final MethodHandle FALLOCATE = Native.errnoCall("fallocate64",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_OFF_T, C_OFF_T));
    private static final MethodHandle LSEEK = Native.errnoCall("lseek64",
            FunctionDescriptor.of(C_OFF_T, C_INT, C_OFF_T, C_INT));
    private static final MethodHandle FSYNC = Native.errnoCall("fsync", FunctionDescriptor.of(C_INT, C_INT));
    private static final MethodHandle FDATASYNC = Native.errnoCall("fdatasync", FunctionDescriptor.of(C_INT, C_INT));
    private static final MethodHandle SYNCFS = Native.errnoCall("syncfs", FunctionDescriptor.of(C_INT, C_INT));
    private static final MethodHandle COPY_FILE_RANGE = Native.errnoCall("copy_file_range",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_INT, C_POINTER, C_SIZE_T, C_UINT));

    private static int ret(int r, MemorySegment cap) {
        return r < 0 ? -Native.errno(cap) : r;
    }

    /** ftruncate(2); returns 0 or -errno. */
    public static int ftruncateRaw(int fd, long length) {
        MemorySegment cap = Native.capture();
        try {
            return ret((int) FTRUNCATE.invokeExact(cap, fd, length), cap);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** fallocate(2) with FALLOC_FL_* {@code mode}; returns 0 or -errno. */
    public static int fallocateRaw(int fd, int mode, long offset, long length) {
        MemorySegment cap = Native.capture();
        try {
            return ret((int) FALLOCATE.invokeExact(cap, fd, mode, offset, length), cap);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** lseek(2); returns the new offset or -errno (ENXIO when SEEK_DATA/SEEK_HOLE find nothing). */
    public static long lseekRaw(int fd, long offset, int whence) {
        MemorySegment cap = Native.capture();
        try {
            long r = (long) LSEEK.invokeExact(cap, fd, offset, whence);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** fsync(2); returns 0 or -errno. */
    public static int fsyncRaw(int fd) {
        MemorySegment cap = Native.capture();
        try {
            return ret((int) FSYNC.invokeExact(cap, fd), cap);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** fdatasync(2); returns 0 or -errno. */
    public static int fdatasyncRaw(int fd) {
        MemorySegment cap = Native.capture();
        try {
            return ret((int) FDATASYNC.invokeExact(cap, fd), cap);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** syncfs(2) of the file system holding {@code fd}; returns 0 or -errno. */
    public static int syncfsRaw(int fd) {
        MemorySegment cap = Native.capture();
        try {
            return ret((int) SYNCFS.invokeExact(cap, fd), cap);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /**
     * copy_file_range(2) at explicit offsets ({@code offIn}/{@code offOut} are one-element long segments the
     * kernel advances, or NULL to use and move the file offsets); returns bytes copied or -errno.
     */
    public static long copyFileRangeRaw(int fdIn, MemorySegment offIn, int fdOut, MemorySegment offOut, long len,
                                        int flags) {
        MemorySegment cap = Native.capture();
        try {
            long r = (long) COPY_FILE_RANGE.invokeExact(cap, fdIn, offIn, fdOut, offOut, len, flags);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    public static void ftruncate(int fd, long length) {
        int r = ftruncateRaw(fd, length);
        if (r < 0) throw new ErrnoException("ftruncate(" + fd + ", " + length + ")", -r);
    }

    public static void fallocate(int fd, int mode, long offset, long length) {
        int r = fallocateRaw(fd, mode, offset, length);
        if (r < 0) throw new ErrnoException("fallocate(" + fd + ", " + mode + ", " + offset + ", " + length + ")", -r);
    }

    public static long lseek(int fd, long offset, int whence) {
        long r = lseekRaw(fd, offset, whence);
        if (r < 0) throw new ErrnoException("lseek(" + fd + ", " + offset + ", " + whence + ")", (int) -r);
        return r;
    }

    public static void fsync(int fd) {
        int r = fsyncRaw(fd);
        if (r < 0) throw new ErrnoException("fsync(" + fd + ")", -r);
    }
}
