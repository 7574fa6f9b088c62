package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct open_how} (linux/openat2.h): the argument of openat2(2) that carries RESOLVE_* confinement. */
public final class OpenHow {
    private OpenHow() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("flags"),   // O_* open flags
            JAVA_LONG.withName("mode"),    // creation mode, 0 unless O_CREAT/O_TMPFILE
            JAVA_LONG.withName("resolve")  // RESOLVE_* path-resolution restrictions
    ).withName("struct open_how");

    public static final long OFFSET_FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    public static final long OFFSET_MODE = LAYOUT.byteOffset(groupElement("mode"));
    public static final long OFFSET_RESOLVE = LAYOUT.byteOffset(groupElement("resolve"));

    public static void set(MemorySegment how, long flags, long mode, long resolve) {
        how.set(JAVA_LONG, OFFSET_FLAGS, flags);
        how.set(JAVA_LONG, OFFSET_MODE, mode);
        how.set(JAVA_LONG, OFFSET_RESOLVE, resolve);
    }
}
