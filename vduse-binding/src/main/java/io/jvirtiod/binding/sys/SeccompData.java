package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct seccomp_data} (linux/seccomp.h): what a seccomp filter reads about the system call being made.
 * The filter never holds one; it loads fields at these offsets (BPF_LD | BPF_W | BPF_ABS).
 */
public final class SeccompData {
    private SeccompData() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("nr"),                     // system call number, of the arch's table
            JAVA_INT.withName("arch"),                   // AUDIT_ARCH_* of the calling convention
            JAVA_LONG.withName("instruction_pointer"),   // where the call was made
            MemoryLayout.sequenceLayout(6, JAVA_LONG).withName("args") // the arguments, 64 bits each
    ).withName("struct seccomp_data");

    public static final long OFFSET_NR = LAYOUT.byteOffset(groupElement("nr"));
    public static final long OFFSET_ARCH = LAYOUT.byteOffset(groupElement("arch"));
    public static final long OFFSET_ARGS = LAYOUT.byteOffset(groupElement("args"));
}
