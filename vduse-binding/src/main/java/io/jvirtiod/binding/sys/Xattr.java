package io.jvirtiod.binding.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.jvirtiod.binding.sys.Native.C_INT;
import static io.jvirtiod.binding.sys.Native.C_LONG;
import static io.jvirtiod.binding.sys.Native.C_POINTER;
import static io.jvirtiod.binding.sys.Native.C_SIZE_T;

/**
 * Extended attributes. The fd calls (fgetxattr...) need a real open fd, which a file server cannot get for a
 * symlink or a device node; for those, virtiofsd uses the path calls on {@code /proc/self/fd/N} of an O_PATH fd
 * (the l* calls do not follow the final magic link, the plain ones do, reaching exactly the inode held by N).
 * {@link Fds#procFdPath} builds that path. Value buffers may be empty (size 0) to ask for the size.
 */
public final class Xattr {
    private Xattr() {}

    private static final MethodHandle FGETXATTR = Native.errnoCall("fgetxattr",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_POINTER, C_SIZE_T));
    private static final MethodHandle FSETXATTR = Native.errnoCall("fsetxattr",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER, C_SIZE_T, C_INT));
    private static final MethodHandle FLISTXATTR = Native.errnoCall("flistxattr",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_SIZE_T));
    private static final MethodHandle FREMOVEXATTR = Native.errnoCall("fremovexattr",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER));
    private static final MethodHandle GETXATTR = Native.errnoCall("getxattr",
            FunctionDescriptor.of(C_LONG, C_POINTER, C_POINTER, C_POINTER, C_SIZE_T));
    private static final MethodHandle SETXATTR = Native.errnoCall("setxattr",
            FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_SIZE_T, C_INT));
    private static final MethodHandle LISTXATTR = Native.errnoCall("listxattr",
            FunctionDescriptor.of(C_LONG, C_POINTER, C_POINTER, C_SIZE_T));
    private static final MethodHandle REMOVEXATTR = Native.errnoCall("removexattr",
            FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));

    /** fgetxattr(2) into the whole of {@code value}; returns the value size or -errno (ERANGE if too small). */
    public static long fgetxattrRaw(int fd, MemorySegment name, MemorySegment value) {
        MemorySegment cap = Native.capture();
        try {
            long r = (long) FGETXATTR.invokeExact(cap, fd, name, value, value.byteSize());
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** fsetxattr(2) of the whole of {@code value} with XATTR_* flags; returns 0 or -errno. */
    public static int fsetxattrRaw(int fd, MemorySegment name, MemorySegment value, int flags) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) FSETXATTR.invokeExact(cap, fd, name, value, value.byteSize(), flags);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** flistxattr(2): NUL-separated names into {@code list}; returns the size or -errno. */
    public static long flistxattrRaw(int fd, MemorySegment list) {
        MemorySegment cap = Native.capture();
        try {
            long r = (long) FLISTXATTR.invokeExact(cap, fd, list, list.byteSize());
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** fremovexattr(2); returns 0 or -errno. */
    public static int fremovexattrRaw(int fd, MemorySegment name) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) FREMOVEXATTR.invokeExact(cap, fd, name);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** getxattr(2) on a path (follows it: use with {@link Fds#procFdPath}); returns the size or -errno. */
    public static long getxattrRaw(MemorySegment path, MemorySegment name, MemorySegment value) {
        MemorySegment cap = Native.capture();
        try {
            long r = (long) GETXATTR.invokeExact(cap, path, name, value, value.byteSize());
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** setxattr(2) on a path; returns 0 or -errno. */
    public static int setxattrRaw(MemorySegment path, MemorySegment name, MemorySegment value, int flags) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) SETXATTR.invokeExact(cap, path, name, value, value.byteSize(), flags);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** listxattr(2) on a path; returns the size or -errno. */
    public static long listxattrRaw(MemorySegment path, MemorySegment list) {
        MemorySegment cap = Native.capture();
        try {
            long r = (long) LISTXATTR.invokeExact(cap, path, list, list.byteSize());
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** removexattr(2) on a path; returns 0 or -errno. */
    public static int removexattrRaw(MemorySegment path, MemorySegment name) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) REMOVEXATTR.invokeExact(cap, path, name);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }
}
