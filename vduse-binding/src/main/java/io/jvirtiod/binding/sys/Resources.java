package io.jvirtiod.binding.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.jvirtiod.binding.sys.Native.C_INT;
import static io.jvirtiod.binding.sys.Native.C_POINTER;

/**
 * getrlimit(2) and setrlimit(2) for the whole process. Used once at start, so each call allocates its
 * {@link Rlimit} in a confined arena.
 */
public final class Resources {
    private Resources() {}

    private static final MethodHandle GETRLIMIT = Native.errnoCall("getrlimit",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER));
    private static final MethodHandle SETRLIMIT = Native.errnoCall("setrlimit",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER));

    /** A soft and hard limit; {@link ResourceH#RLIM_INFINITY} (-1) means none. */
    public record Limit(long soft, long hard) {
        @Override
        public String toString() {
            return "soft " + spell(soft) + ", hard " + spell(hard);
        }

        private static String spell(long v) {
            return v == ResourceH.RLIM_INFINITY ? "unlimited" : Long.toUnsignedString(v);
        }
    }

    /** getrlimit(resource). */
    public static Limit get(int resource) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment r = a.allocate(Rlimit.LAYOUT);
            MemorySegment cap = Native.capture();
            int rc = (int) GETRLIMIT.invokeExact(cap, resource, r);
            if (rc < 0) throw new ErrnoException("getrlimit(" + resource + ")", Native.errno(cap));
            return new Limit(Rlimit.cur(r), Rlimit.max(r));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /**
     * setrlimit(resource, {soft, hard}); returns 0 or -errno (EPERM: raising the hard limit needs
     * CAP_SYS_RESOURCE; EINVAL: soft above hard, or RLIMIT_NOFILE above /proc/sys/fs/nr_open).
     */
    public static int setRaw(int resource, long soft, long hard) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment r = a.allocate(Rlimit.LAYOUT);
            Rlimit.set(r, soft, hard);
            MemorySegment cap = Native.capture();
            int rc = (int) SETRLIMIT.invokeExact(cap, resource, r);
            return rc < 0 ? -Native.errno(cap) : 0;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }
}
