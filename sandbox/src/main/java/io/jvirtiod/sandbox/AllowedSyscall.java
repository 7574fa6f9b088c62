package io.jvirtiod.sandbox;

import java.util.List;

/**
 * One system call the daemon may make once its seccomp filter is installed: its name and x86-64 number
 * (asm/unistd_64.h; a test checks them against the header), why it is needed (which JVM or daemon path makes
 * it), and, for a call whose argument selects among unrelated operations (prctl's option, ioctl's request), the
 * argument's index and the only values allowed there (empty: any arguments). Only the argument's low 32 bits are
 * compared: the calls restricted take an int there (the kernel ignores the rest).
 */
public record AllowedSyscall(String name, int number, int argument, List<Integer> argumentIn, String reason) {
    public AllowedSyscall {
        if (number < 0 || number > 1023) throw new IllegalArgumentException(name + ": syscall number " + number);
        if (argument < 0 || argument > 5) throw new IllegalArgumentException(name + ": argument " + argument);
        argumentIn = List.copyOf(argumentIn);
    }

    /** A call allowed whatever its arguments. */
    static AllowedSyscall of(String name, int number, String reason) {
        return new AllowedSyscall(name, number, 0, List.of(), reason);
    }

    /** A call allowed only when argument {@code argument} (0-based) is one of {@code values}. */
    static AllowedSyscall withArgument(String name, int number, int argument, List<Integer> values, String reason) {
        if (values.isEmpty()) throw new IllegalArgumentException(name + ": no value allowed for argument " + argument);
        return new AllowedSyscall(name, number, argument, values, reason);
    }

    /** Whether the filter compares an argument before allowing the call. */
    public boolean restricted() {
        return !argumentIn.isEmpty();
    }
}
