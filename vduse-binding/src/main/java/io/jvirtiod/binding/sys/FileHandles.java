package io.jvirtiod.binding.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.jvirtiod.binding.sys.Native.C_INT;
import static io.jvirtiod.binding.sys.Native.C_POINTER;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * name_to_handle_at(2) and open_by_handle_at(2): name an inode by a persistent handle and reopen it later, so a
 * file server needs no open fd per known inode (virtiofsd {@code --inode-file-handles}). Reopening needs
 * CAP_DAC_READ_SEARCH and an fd on the same mount.
 */
public final class FileHandles {
    private FileHandles() {}

    private static final MethodHandle NAME_TO_HANDLE_AT = Native.errnoCall("name_to_handle_at",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER, C_POINTER, C_INT));
    private static final MethodHandle OPEN_BY_HANDLE_AT = Native.errnoCall("open_by_handle_at",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT));

    /**
     * name_to_handle_at(2): fills {@code handle} (a buffer of at least {@link FileHandle#MAX_SIZE} bytes; its
     * handle_bytes is set here) and the mount id (an int segment); returns 0 or -errno (EOPNOTSUPP when the
     * file system has no handles).
     */
    public static int nameToHandleAtRaw(int dirfd, MemorySegment path, MemorySegment handle, MemorySegment mountId,
                                        int flags) {
        if (handle.byteSize() < FileHandle.MAX_SIZE || mountId.byteSize() < JAVA_INT.byteSize()) {
            throw new IllegalArgumentException("file handle buffer of " + handle.byteSize() + " bytes, needs "
                    + FileHandle.MAX_SIZE);
        }
        FileHandle.handleBytes(handle, FileHandle.MAX_HANDLE_SZ);
        MemorySegment cap = Native.capture();
        try {
            int r = (int) NAME_TO_HANDLE_AT.invokeExact(cap, dirfd, path, handle, mountId, flags);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** open_by_handle_at(2) of a handle filled by name_to_handle_at; returns the fd or -errno (ESTALE if gone). */
    public static int openByHandleAtRaw(int mountFd, MemorySegment handle, int flags) {
        if (handle.byteSize() < FileHandle.OFFSET_F_HANDLE
                || Integer.toUnsignedLong(FileHandle.handleBytes(handle)) > handle.byteSize() - FileHandle.OFFSET_F_HANDLE) {
            throw new IllegalArgumentException("file handle claims " + FileHandle.handleBytes(handle)
                    + " bytes in a buffer of " + handle.byteSize());
        }
        MemorySegment cap = Native.capture();
        try {
            int r = (int) OPEN_BY_HANDLE_AT.invokeExact(cap, mountFd, handle, flags);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    public static int openByHandleAt(int mountFd, MemorySegment handle, int flags) {
        int r = openByHandleAtRaw(mountFd, handle, flags);
        if (r < 0) throw new ErrnoException("open_by_handle_at(" + mountFd + ")", -r);
        return r;
    }
}
