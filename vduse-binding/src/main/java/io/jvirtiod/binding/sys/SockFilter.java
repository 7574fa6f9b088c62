package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** {@code struct sock_filter} (linux/filter.h): one classic BPF instruction of a seccomp filter. */
public final class SockFilter {
    private SockFilter() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("code"),  // class | size | mode | source (BPF_LD | BPF_W | BPF_ABS, ...)
            JAVA_BYTE.withName("jt"),     // conditional jump: instructions skipped when true
            JAVA_BYTE.withName("jf"),     // ... and when false
            JAVA_INT.withName("k")        // the operand: an offset to load, a value to compare, a return value
    ).withName("struct sock_filter");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_CODE = LAYOUT.byteOffset(groupElement("code"));
    public static final long OFFSET_JT = LAYOUT.byteOffset(groupElement("jt"));
    public static final long OFFSET_JF = LAYOUT.byteOffset(groupElement("jf"));
    public static final long OFFSET_K = LAYOUT.byteOffset(groupElement("k"));
}
