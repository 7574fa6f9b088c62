package io.jvirtiod.binding.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

import static io.jvirtiod.binding.sys.Native.C_INT;
import static io.jvirtiod.binding.sys.Native.C_POINTER;

/**
 * execve(2): replaces the running program, keeping its pid and the fds not marked close-on-exec. The daemon's
 * first stage uses it to hand its own process to the sandbox script (a JVM may execve from any thread: the kernel
 * ends the others).
 */
public final class Exec {
    private Exec() {}

    private static final MethodHandle EXECVE = Native.errnoCall("execve",
            FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER));

    /** execve(path, argv, envp); returns -errno, since it returns only when it failed. */
    public static int execve(String path, List<String> argv, List<String> envp) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = Native.capture();
            int r = (int) EXECVE.invokeExact(cap, a.allocateFrom(path), strings(a, argv), strings(a, envp));
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** A NULL-terminated array of C strings. */
    private static MemorySegment strings(Arena a, List<String> values) {
        MemorySegment array = a.allocate(C_POINTER, values.size() + 1);
        for (int i = 0; i < values.size(); i++) array.setAtIndex(C_POINTER, i, a.allocateFrom(values.get(i)));
        array.setAtIndex(C_POINTER, values.size(), MemorySegment.NULL);
        return array;
    }
}
