package io.jvirtiod.sandbox;

import io.jvirtiod.binding.sys.SeccompData;

import static io.jvirtiod.binding.sys.SeccompH.BPF_ABS;
import static io.jvirtiod.binding.sys.SeccompH.BPF_JEQ;
import static io.jvirtiod.binding.sys.SeccompH.BPF_JMP;
import static io.jvirtiod.binding.sys.SeccompH.BPF_K;
import static io.jvirtiod.binding.sys.SeccompH.BPF_LD;
import static io.jvirtiod.binding.sys.SeccompH.BPF_RET;
import static io.jvirtiod.binding.sys.SeccompH.BPF_W;

/**
 * Runs a seccomp filter as the kernel would, for the instructions {@link SeccompFilter} emits (32-bit absolute
 * loads of seccomp_data, jump-if-equal on a constant, return a constant); anything else is a test failure.
 */
final class BpfInterpreter {
    private BpfInterpreter() {}

    /** The filter's return value for system call {@code nr} of architecture {@code arch} with {@code args}. */
    static int run(BpfProgram p, int nr, int arch, long... args) {
        int acc = 0;
        for (int pc = 0; pc < p.length(); pc++) {
            int code = p.code(pc);
            if (code == (BPF_LD | BPF_W | BPF_ABS)) {
                acc = load(p.k(pc), nr, arch, args);
            } else if (code == (BPF_JMP | BPF_JEQ | BPF_K)) {
                pc += acc == p.k(pc) ? p.jt(pc) : p.jf(pc);
            } else if (code == (BPF_RET | BPF_K)) {
                return p.k(pc);
            } else {
                throw new AssertionError("instruction " + pc + ": unexpected code 0x" + Integer.toHexString(code));
            }
        }
        throw new AssertionError("the program ran off its end");
    }

    private static int load(int offset, int nr, int arch, long[] args) {
        if (offset == SeccompData.OFFSET_NR) return nr;
        if (offset == SeccompData.OFFSET_ARCH) return arch;
        long a = offset - SeccompData.OFFSET_ARGS;
        if (a >= 0 && a % 8 == 0 && a / 8 < 6) {
            int i = (int) (a / 8);
            return i < args.length ? (int) args[i] : 0;
        }
        throw new AssertionError("load of seccomp_data offset " + offset);
    }
}
