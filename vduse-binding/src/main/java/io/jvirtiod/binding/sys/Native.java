package io.jvirtiod.binding.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * The single gateway from Java to libc: looks up symbols, builds downcall handles that capture errno,
 * and keeps one errno capture segment per thread so that a system call allocates nothing.
 *
 * <p>Every handle made by {@link #errnoCall} takes a leading {@link MemorySegment} for the captured
 * state that is not part of its {@link FunctionDescriptor} (java.lang.foreign.Linker.Option#captureCallState).
 */
public final class Native {
    private Native() {}

    public static final Linker LINKER = Linker.nativeLinker();
    public static final SymbolLookup LIBC = LINKER.defaultLookup();

    /** x86-64 Linux C types, named as C names them so descriptors read like prototypes. */
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    public static final ValueLayout.OfLong C_SIZE_T = ValueLayout.JAVA_LONG;
    public static final ValueLayout.OfLong C_OFF_T = ValueLayout.JAVA_LONG;
    public static final ValueLayout.OfInt C_UINT = ValueLayout.JAVA_INT;
    public static final java.lang.foreign.AddressLayout C_POINTER = ValueLayout.ADDRESS;

    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO_HANDLE =
            CAPTURE_LAYOUT.varHandle(groupElement("errno")).withInvokeExactBehavior();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final ThreadLocal<MemorySegment> CAPTURE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));

    /** Looks up a libc symbol; a missing one is a broken platform, so it fails loudly at class init. */
    public static MemorySegment symbol(String name) {
        return LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
    }

    /** A downcall handle whose first parameter is the errno capture segment (see {@link #capture()}). */
    public static MethodHandle errnoCall(String name, FunctionDescriptor fd, Linker.Option... more) {
        Linker.Option[] options = new Linker.Option[more.length + 1];
        options[0] = CAPTURE_ERRNO;
        System.arraycopy(more, 0, options, 1, more.length);
        return LINKER.downcallHandle(symbol(name), fd, options);
    }

    /** A downcall handle for a function that cannot fail (no errno capture). */
    public static MethodHandle plainCall(String name, FunctionDescriptor fd, Linker.Option... options) {
        return LINKER.downcallHandle(symbol(name), fd, options);
    }

    /** This thread's errno capture segment; pass it as the first argument of an {@link #errnoCall} handle. */
    public static MemorySegment capture() {
        return CAPTURE.get();
    }

    /** The errno captured by the last call made with this thread's capture segment. */
    public static int errno(MemorySegment capture) {
        return (int) ERRNO_HANDLE.get(capture, 0L);
    }

    /** Wraps a Throwable thrown by {@code invokeExact} (never expected: downcalls do not throw). */
    static AssertionError unexpected(Throwable t) {
        return new AssertionError("downcall threw " + t, t);
    }

    static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
}
