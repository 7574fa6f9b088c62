package io.jvirtiod.binding.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.jvirtiod.binding.sys.Native.C_INT;
import static io.jvirtiod.binding.sys.Native.C_POINTER;

/**
 * File locks: fcntl(2) open-file-description (OFD) byte-range locks, which belong to an open file and not to a
 * process, so a server can hold one per guest lock owner by giving each owner its own open file; and flock(2).
 */
public final class Locks {
    private Locks() {}

    private static final MethodHandle FCNTL_PTR = Native.errnoCall("fcntl",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_POINTER), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle FLOCK = Native.errnoCall("flock", FunctionDescriptor.of(C_INT, C_INT, C_INT));

    /** fcntl(fd, F_OFD_GETLK/SETLK/SETLKW, struct flock *); returns 0 or -errno (EAGAIN when held, EINTR). */
    public static int ofdLockRaw(int fd, int cmd, MemorySegment flock) {
        if (cmd != LockH.F_OFD_GETLK && cmd != LockH.F_OFD_SETLK && cmd != LockH.F_OFD_SETLKW) {
            throw new IllegalArgumentException("not an OFD lock command: " + cmd);
        }
        if (flock.byteSize() < Flock.SIZE) throw new IllegalArgumentException("struct flock buffer too small");
        MemorySegment cap = Native.capture();
        try {
            int r = (int) FCNTL_PTR.invokeExact(cap, fd, cmd, flock);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** flock(2) with LOCK_* operations; returns 0 or -errno (EWOULDBLOCK with LOCK_NB). */
    public static int flockRaw(int fd, int operation) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) FLOCK.invokeExact(cap, fd, operation);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }
}
