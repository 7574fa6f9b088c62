package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** {@code struct sock_fprog} (linux/filter.h): a classic BPF program as seccomp(2) takes it, length and start. */
public final class SockFprog {
    private SockFprog() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("len"),          // number of instructions (unsigned short)
            MemoryLayout.paddingLayout(6),
            ADDRESS.withName("filter")           // the struct sock_filter array
    ).withName("struct sock_fprog");

    public static final long OFFSET_LEN = LAYOUT.byteOffset(groupElement("len"));
    public static final long OFFSET_FILTER = LAYOUT.byteOffset(groupElement("filter"));

    /** Points {@code prog} at {@code count} instructions in {@code filter}. */
    public static void set(MemorySegment prog, MemorySegment filter, int count) {
        prog.set(JAVA_SHORT, OFFSET_LEN, (short) count);
        prog.set(ADDRESS, OFFSET_FILTER, filter);
    }
}
