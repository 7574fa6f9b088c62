package io.jvirtiod.sandbox;

import io.jvirtiod.binding.sys.SeccompH;
import io.jvirtiod.binding.vduse.VduseH;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.util.List;

import static io.jvirtiod.binding.sys.SeccompH.AUDIT_ARCH_X86_64;
import static io.jvirtiod.binding.sys.SeccompH.SECCOMP_RET_ALLOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The compiled filter, run instruction by instruction ({@link BpfInterpreter}) as the kernel runs it. */
class SeccompFilterTest {
    private static final int KILL = SeccompMode.KILL.action();
    /** AUDIT_ARCH_I386: an x86-64 process can make i386 calls (int 0x80), whose numbers mean other calls. */
    private static final int AUDIT_ARCH_I386 = 0x40000003;
    private static final int SYS_SOCKET = 41;
    private static final int SYS_MOUNT = 165;
    private static final int PR_SET_MM = 35;

    private static int verdict(List<AllowedSyscall> list, int nr, int arch, long... args) {
        try (Arena a = Arena.ofConfined()) {
            return BpfInterpreter.run(SeccompFilter.compile(list, KILL, a), nr, arch, args);
        }
    }

    @Test
    void everyListedCallIsAllowedWithAnyArgumentsUnlessRestricted() {
        for (List<AllowedSyscall> list : List.of(SyscallAllowlist.virtiofsd(), SyscallAllowlist.fuse(),
                SyscallAllowlist.vduseBlk())) {
            for (AllowedSyscall s : list) {
                if (s.restricted()) continue;
                assertEquals(SECCOMP_RET_ALLOW, verdict(list, s.number(), AUDIT_ARCH_X86_64, 12345, -1), s.name());
            }
        }
    }

    @Test
    void unlistedCallsGetTheModesAction() {
        List<AllowedSyscall> list = SyscallAllowlist.virtiofsd();
        assertEquals(KILL, verdict(list, SYS_SOCKET, AUDIT_ARCH_X86_64));
        assertEquals(KILL, verdict(list, SYS_MOUNT, AUDIT_ARCH_X86_64));
        try (Arena a = Arena.ofConfined()) {
            BpfProgram log = SeccompFilter.compile(list, SeccompMode.LOG.action(), a);
            assertEquals(SeccompH.SECCOMP_RET_LOG, BpfInterpreter.run(log, SYS_SOCKET, AUDIT_ARCH_X86_64));
        }
    }

    @Test
    void anotherArchitectureGetsTheActionEvenForAListedNumber() {
        // 3 is close(2) on x86-64 but read(2) on i386: the number alone says nothing without the arch
        assertEquals(SECCOMP_RET_ALLOW, verdict(SyscallAllowlist.virtiofsd(), 3, AUDIT_ARCH_X86_64));
        assertEquals(KILL, verdict(SyscallAllowlist.virtiofsd(), 3, AUDIT_ARCH_I386));
    }

    @Test
    void prctlIsAllowedOnlyToNameAThread() {
        List<AllowedSyscall> list = SyscallAllowlist.virtiofsd();
        assertEquals(SECCOMP_RET_ALLOW, verdict(list, 157, AUDIT_ARCH_X86_64, SeccompH.PR_SET_NAME));
        assertEquals(KILL, verdict(list, 157, AUDIT_ARCH_X86_64, PR_SET_MM));
        assertEquals(KILL, verdict(list, 157, AUDIT_ARCH_X86_64, SeccompH.PR_SET_NO_NEW_PRIVS));
    }

    @Test
    void ioctlIsAllowedOnlyForTheTransportsRequests() {
        List<AllowedSyscall> vduse = SyscallAllowlist.vduseBlk();
        assertEquals(SECCOMP_RET_ALLOW, verdict(vduse, 16, AUDIT_ARCH_X86_64, 7, VduseH.VDUSE_VQ_INJECT_IRQ));
        assertEquals(KILL, verdict(vduse, 16, AUDIT_ARCH_X86_64, 7, VduseH.VDUSE_CREATE_DEV));
        assertEquals(KILL, verdict(SyscallAllowlist.virtiofsd(), 16, AUDIT_ARCH_X86_64, 7, VduseH.VDUSE_VQ_INJECT_IRQ));
    }

    @Test
    void aListTooLongForOneJumpIsRefusedNotMiscompiled() {
        List<AllowedSyscall> huge = java.util.stream.IntStream.range(0, 300)
                .mapToObj(n -> AllowedSyscall.of("call" + n, n, "test")).toList();
        try (Arena a = Arena.ofConfined()) {
            assertThrows(IllegalArgumentException.class, () -> SeccompFilter.compile(huge, KILL, a));
        }
    }
}
