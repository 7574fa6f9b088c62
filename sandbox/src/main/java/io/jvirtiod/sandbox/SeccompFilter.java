package io.jvirtiod.sandbox;

import io.jvirtiod.binding.sys.SeccompData;

import java.lang.foreign.Arena;
import java.util.List;

import static io.jvirtiod.binding.sys.SeccompH.AUDIT_ARCH_X86_64;
import static io.jvirtiod.binding.sys.SeccompH.BPF_ABS;
import static io.jvirtiod.binding.sys.SeccompH.BPF_JEQ;
import static io.jvirtiod.binding.sys.SeccompH.BPF_JMP;
import static io.jvirtiod.binding.sys.SeccompH.BPF_K;
import static io.jvirtiod.binding.sys.SeccompH.BPF_LD;
import static io.jvirtiod.binding.sys.SeccompH.BPF_RET;
import static io.jvirtiod.binding.sys.SeccompH.BPF_W;
import static io.jvirtiod.binding.sys.SeccompH.SECCOMP_RET_ALLOW;

/**
 * Compiles an allowlist into the seccomp filter the kernel runs on every system call (seccomp_filter.rst):
 * a call of another architecture gets the mode's action first (an x86-64 process can make i386 or x32 calls,
 * whose numbers mean other calls); then each allowed number returns SECCOMP_RET_ALLOW (a call restricted by an
 * argument only with one of its values); anything else gets the action.
 *
 * <pre>
 *   ld  [arch]               jeq AUDIT_ARCH_X86_64 ? next : +1      ret ACTION
 *   ld  [nr]                 jeq nr1 ? ALLOW : next   ...   jeq nrN ? ALLOW : next
 *   (per restricted call)    jeq nr ? next : past block   ld [args[n]]   jeq v ? ALLOW : next ...   ret ACTION
 *   ret ACTION
 *   ALLOW: ret SECCOMP_RET_ALLOW
 * </pre>
 */
public final class SeccompFilter {
    private SeccompFilter() {}

    private static final int LOAD_WORD = BPF_LD | BPF_W | BPF_ABS;
    private static final int JUMP_IF_EQUAL = BPF_JMP | BPF_JEQ | BPF_K;
    private static final int RETURN = BPF_RET | BPF_K;

    /** The filter allowing {@code allowed} and giving every other call {@code action}, in {@code arena}. */
    public static BpfProgram compile(List<AllowedSyscall> allowed, int action, Arena arena) {
        List<AllowedSyscall> plain = allowed.stream().filter(s -> !s.restricted()).toList();
        List<AllowedSyscall> restricted = allowed.stream().filter(AllowedSyscall::restricted).toList();
        int length = 4 + plain.size() + 2;
        for (AllowedSyscall s : restricted) length += 3 + s.argumentIn().size();
        BpfProgram p = BpfProgram.allocate(arena, length);
        int allow = length - 1;
        int i = 0;
        p.set(i++, LOAD_WORD, 0, 0, Math.toIntExact(SeccompData.OFFSET_ARCH));
        p.set(i++, JUMP_IF_EQUAL, 1, 0, AUDIT_ARCH_X86_64);
        p.set(i++, RETURN, 0, 0, action);
        p.set(i++, LOAD_WORD, 0, 0, Math.toIntExact(SeccompData.OFFSET_NR));
        for (AllowedSyscall s : plain) {
            p.set(i, JUMP_IF_EQUAL, jump(i, allow, s), 0, s.number());
            i++;
        }
        for (AllowedSyscall s : restricted) {
            List<Integer> values = s.argumentIn();
            p.set(i++, JUMP_IF_EQUAL, 0, 2 + values.size(), s.number());
            p.set(i++, LOAD_WORD, 0, 0, argumentLow(s.argument()));
            for (int v : values) {
                p.set(i, JUMP_IF_EQUAL, jump(i, allow, s), 0, v);
                i++;
            }
            p.set(i++, RETURN, 0, 0, action);
        }
        p.set(i++, RETURN, 0, 0, action);
        p.set(i++, RETURN, 0, 0, SECCOMP_RET_ALLOW);
        if (i != length) throw new AssertionError("wrote " + i + " of " + length + " instructions");
        return p;
    }

    /** Where the low 32 bits of args[n] are (x86-64 is little endian). */
    private static int argumentLow(int n) {
        return Math.toIntExact(SeccompData.OFFSET_ARGS + (long) n * Long.BYTES);
    }

    /** How many instructions a jump at {@code from} skips to land on {@code to}. */
    private static int jump(int from, int to, AllowedSyscall s) {
        int skip = to - from - 1;
        if (skip > 255) {
            throw new IllegalArgumentException("allowlist too long for one BPF jump at " + s.name() + " (" + skip
                    + " instructions to the allow return; at most 255)");
        }
        return skip;
    }
}
