package io.jvirtiod.binding.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.jvirtiod.binding.sys.Native.C_INT;
import static io.jvirtiod.binding.sys.Native.C_LONG;
import static io.jvirtiod.binding.sys.Native.C_POINTER;

/**
 * mount(2) and umount2(2), for the /dev/fuse transport to mount its file system and take it down. As in
 * {@link FileIo}, {@code nameRaw} returns -errno and {@code name} throws an {@link ErrnoException} that names
 * the call and its target. Mounting is never on a per-request path, so the string forms allocate freely.
 */
public final class Mount {
    private Mount() {}

    private static final MethodHandle MOUNT = Native.errnoCall("mount",
            FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_LONG, C_POINTER));
    private static final MethodHandle UMOUNT2 = Native.errnoCall("umount2",
            FunctionDescriptor.of(C_INT, C_POINTER, C_INT));

    /** mount(source, target, fstype, flags, data) with NUL-terminated segments (data may be NULL). */
    public static int mountRaw(MemorySegment source, MemorySegment target, MemorySegment fstype, long flags,
                               MemorySegment data) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) MOUNT.invokeExact(cap, source, target, fstype, flags, data);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** mount(2) with Java strings; {@code data} may be null. */
    public static void mount(String source, String target, String fstype, long flags, String data) {
        try (Arena a = Arena.ofConfined()) {
            int r = mountRaw(a.allocateFrom(source), a.allocateFrom(target), a.allocateFrom(fstype), flags,
                    data == null ? MemorySegment.NULL : a.allocateFrom(data));
            if (r < 0) {
                throw new ErrnoException("mount(\"" + source + "\", \"" + target + "\", \"" + fstype + "\", 0x"
                        + Long.toHexString(flags) + ", \"" + data + "\")", -r);
            }
        }
    }

    /** umount2(target, flags) with a NUL-terminated target; returns 0 or -errno. */
    public static int umount2Raw(MemorySegment target, int flags) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) UMOUNT2.invokeExact(cap, target, flags);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** umount2(2) returning 0 or -errno (callers decide whether EBUSY/EINVAL is an error). */
    public static int umount2Raw(String target, int flags) {
        try (Arena a = Arena.ofConfined()) {
            return umount2Raw(a.allocateFrom(target), flags);
        }
    }

    public static void umount2(String target, int flags) {
        int r = umount2Raw(target, flags);
        if (r < 0) throw new ErrnoException("umount2(\"" + target + "\", " + flags + ")", -r);
    }
}
