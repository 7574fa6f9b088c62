package io.jvirtiod.sandbox;

import io.jvirtiod.binding.sys.SeccompH;
import io.jvirtiod.binding.sys.SockFilter;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A classic BPF program as the kernel reads it: a flyweight over native memory holding {@code struct
 * sock_filter} instructions (offsets from {@link SockFilter}, which the ABI probe checks), written once by
 * {@link SeccompFilter} and passed to seccomp(2) by address.
 */
public final class BpfProgram {
    private final MemorySegment instructions;
    private final int length;

    private BpfProgram(MemorySegment instructions, int length) {
        this.instructions = instructions;
        this.length = length;
    }

    /** Room for {@code length} instructions in {@code arena}, all zero until {@link #set}. */
    static BpfProgram allocate(Arena arena, int length) {
        if (length < 1 || length > SeccompH.BPF_MAXINSNS) {
            throw new IllegalArgumentException("a BPF program has 1.." + SeccompH.BPF_MAXINSNS
                    + " instructions, not " + length);
        }
        return new BpfProgram(arena.allocate(SockFilter.LAYOUT, length), length);
    }

    /**
     * Writes instruction {@code index}: {@code code} (class | size | mode | source), the instructions skipped when a
     * jump's test is true ({@code jt}) or false ({@code jf}), and the operand {@code k}.
     */
    void set(int index, int code, int jt, int jf, int k) {
        if (jt < 0 || jt > 255 || jf < 0 || jf > 255) {
            throw new IllegalArgumentException("instruction " + index + ": a BPF jump skips 0..255 instructions, not "
                    + jt + "/" + jf);
        }
        long at = offset(index);
        instructions.set(JAVA_SHORT, at + SockFilter.OFFSET_CODE, (short) code);
        instructions.set(JAVA_BYTE, at + SockFilter.OFFSET_JT, (byte) jt);
        instructions.set(JAVA_BYTE, at + SockFilter.OFFSET_JF, (byte) jf);
        instructions.set(JAVA_INT, at + SockFilter.OFFSET_K, k);
    }

    public int length() {
        return length;
    }

    public int code(int index) {
        return instructions.get(JAVA_SHORT, offset(index) + SockFilter.OFFSET_CODE) & 0xffff;
    }

    public int jt(int index) {
        return instructions.get(JAVA_BYTE, offset(index) + SockFilter.OFFSET_JT) & 0xff;
    }

    public int jf(int index) {
        return instructions.get(JAVA_BYTE, offset(index) + SockFilter.OFFSET_JF) & 0xff;
    }

    public int k(int index) {
        return instructions.get(JAVA_INT, offset(index) + SockFilter.OFFSET_K);
    }

    /** The struct sock_filter array, for a struct sock_fprog. */
    public MemorySegment instructions() {
        return instructions;
    }

    private long offset(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("instruction " + index + " of a " + length + "-instruction program");
        }
        return index * SockFilter.SIZE;
    }
}
