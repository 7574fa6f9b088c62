package io.jvirtiod.binding.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.jvirtiod.binding.sys.Native.C_INT;
import static io.jvirtiod.binding.sys.Native.C_POINTER;

/** The C library's text for an errno, used only when building an error message. */
final class Strerror {
    private Strerror() {}

    private static final MethodHandle STRERROR =
            Native.plainCall("strerror", FunctionDescriptor.of(C_POINTER, C_INT));

    static String describe(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }
}
