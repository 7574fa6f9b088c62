package io.jvirtiod.binding.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.jvirtiod.binding.sys.Native.C_INT;
import static io.jvirtiod.binding.sys.Native.C_POINTER;
import static io.jvirtiod.binding.sys.Native.C_SIZE_T;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * CPU placement: sched_setaffinity(2) of the calling thread and the kernel's list of possible CPUs. A FUSE
 * over io_uring queue serves the requests of one CPU, and its thread runs on that CPU so that handing a request
 * over and waking the caller stays on one core.
 */
public final class Sched {
    private Sched() {}

    private static final MethodHandle SETAFFINITY = Native.errnoCall("sched_setaffinity",
            FunctionDescriptor.of(C_INT, C_INT, C_SIZE_T, C_POINTER));

    /** Pins the calling thread to {@code cpu}; returns 0 or -errno (EINVAL for an offline CPU). */
    public static int pinCurrentThread(int cpu) {
        if (cpu < 0 || cpu >= 1024) throw new IllegalArgumentException("cpu " + cpu + " is outside 0..1023");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment set = a.allocate(128, 8); // cpu_set_t: 1024 bits
            set.set(JAVA_LONG, (cpu / 64) * 8L, 1L << (cpu % 64));
            MemorySegment cap = Native.capture();
            int r = (int) SETAFFINITY.invokeExact(cap, 0, set.byteSize(), set);
            return r < 0 ? -Native.errno(cap) : 0;
        } catch (Throwable t) {
            if (t instanceof RuntimeException e) throw e;
            throw Native.unexpected(t);
        }
    }

    /**
     * The number of possible CPUs (one more than the highest number in /sys/devices/system/cpu/possible, e.g.
     * "0-3" gives 4), which is how many queues FUSE over io_uring has.
     */
    public static int possibleCpus() {
        try {
            return parseCpuList(Files.readString(Path.of("/sys/devices/system/cpu/possible")).trim());
        } catch (java.io.IOException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /** One more than the highest CPU in a kernel CPU list such as "0-3,8-11" or "0". */
    public static int parseCpuList(String list) {
        int max = -1;
        for (String part : list.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            int dash = p.indexOf('-');
            String last = dash < 0 ? p : p.substring(dash + 1);
            try {
                max = Math.max(max, Integer.parseInt(last));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a CPU list: \"" + list + "\"", e);
            }
        }
        if (max < 0) throw new IllegalArgumentException("empty CPU list: \"" + list + "\"");
        return max + 1;
    }
}
