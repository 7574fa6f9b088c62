package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.util.List;

/**
 * Constants of linux/seccomp.h, linux/filter.h (classic BPF), linux/audit.h and linux/prctl.h that a seccomp
 * filter is built and installed with (x86-64 values), and the structs it is made of. Checked by the ABI probe.
 */
public final class SeccompH {
    private SeccompH() {}

    public static final List<String> C_INCLUDES =
            List.of("linux/seccomp.h", "linux/filter.h", "linux/audit.h", "linux/prctl.h");
    public static final List<MemoryLayout> C_STRUCTS = List.of(SockFilter.LAYOUT, SockFprog.LAYOUT,
            SeccompData.LAYOUT);

    /** seccomp(2) operations and flags. */
    public static final int SECCOMP_SET_MODE_FILTER = 1;
    public static final long SECCOMP_FILTER_FLAG_TSYNC = 1;

    /** Filter return values: what the kernel does with the call (the high 16 bits are the action). */
    public static final int SECCOMP_RET_KILL_PROCESS = 0x80000000;
    public static final int SECCOMP_RET_TRAP = 0x00030000;
    public static final int SECCOMP_RET_LOG = 0x7ffc0000;
    public static final int SECCOMP_RET_ALLOW = 0x7fff0000;

    /** seccomp_data.arch of a 64-bit x86 system call (EM_X86_64 | 64-bit | little endian). */
    public static final int AUDIT_ARCH_X86_64 = 0xc000003e;

    /** Classic BPF instruction classes, sizes, modes and sources (linux/bpf_common.h). */
    public static final int BPF_LD = 0x00;
    public static final int BPF_JMP = 0x05;
    public static final int BPF_RET = 0x06;
    public static final int BPF_W = 0x00;
    public static final int BPF_ABS = 0x20;
    public static final int BPF_JEQ = 0x10;
    public static final int BPF_K = 0x00;
    /** The longest classic BPF program the kernel accepts (linux/bpf_common.h). */
    public static final int BPF_MAXINSNS = 4096;

    /** prctl(2) options: no_new_privs (needed to install a filter without CAP_SYS_ADMIN), the mode, a thread's name. */
    public static final int PR_SET_NAME = 15;
    public static final int PR_GET_SECCOMP = 21;
    public static final int PR_SET_NO_NEW_PRIVS = 38;
    public static final int PR_GET_NO_NEW_PRIVS = 39;
}
