package io.jvirtiod.sandbox;

import io.jvirtiod.nativeheaders.AbiProbe;
import io.jvirtiod.testsupport.Require;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The allowlists are what they say: the right numbers, no call twice, none of the calls that escape a sandbox. */
class SyscallAllowlistTest {
    private static final Map<String, List<AllowedSyscall>> COMMANDS = Map.of(
            "virtiofsd", SyscallAllowlist.virtiofsd(),
            "fuse", SyscallAllowlist.fuse(),
            "vduse-blk", SyscallAllowlist.vduseBlk());

    /** Calls that would undo the confinement or reach past it; none is on any list (fuse unmounts its own mount). */
    private static final List<String> ESCAPES = List.of("mount", "pivot_root", "chroot", "unshare", "setns", "ptrace",
            "process_vm_readv", "process_vm_writev", "kexec_load", "kexec_file_load", "bpf", "perf_event_open",
            "init_module", "finit_module", "delete_module", "socket", "socketpair", "connect", "bind", "listen",
            "execve", "execveat", "setuid", "setreuid", "setresuid", "setgid", "setresgid", "capset", "open_tree",
            "move_mount", "fsopen", "fsmount", "io_uring_setup", "io_uring_enter", "keyctl", "add_key", "userfaultfd",
            "swapon", "reboot", "seccomp", "personality", "iopl", "ioperm", "modify_ldt", "clone", "vfork", "fork");

    @Test
    void everyNameAndNumberMatchesTheKernelHeaders() throws Exception {
        var cc = AbiProbe.findCompiler();
        Require.that(cc.isPresent(), "no C compiler (gcc) on PATH to check syscall numbers; apt-get install gcc");
        AbiProbe probe = new AbiProbe().include("sys/syscall.h");
        Set<String> seen = new HashSet<>();
        for (List<AllowedSyscall> list : COMMANDS.values()) {
            for (AllowedSyscall s : list) {
                if (seen.add(s.name())) probe.constant("__NR_" + s.name(), s.number(), 64);
            }
        }
        AbiProbe.Report report = probe.run(cc.orElseThrow(), Path.of("target", "syscall-probe"));
        assertTrue(report.ok(), () -> "allowlist numbers against asm/unistd_64.h:\n  "
                + String.join("\n  ", report.mismatches()));
        assertEquals(seen.size(), report.constants());
    }

    @Test
    void noCommandAllowsACallThatEscapesTheSandbox() {
        COMMANDS.forEach((command, list) -> {
            List<String> escapes = list.stream().map(AllowedSyscall::name).filter(ESCAPES::contains).toList();
            assertEquals(List.of(), escapes, command);
        });
        assertTrue(SyscallAllowlist.virtiofsd().stream().noneMatch(s -> s.name().equals("umount2")));
        assertTrue(SyscallAllowlist.vduseBlk().stream().noneMatch(s -> s.name().equals("umount2")));
    }

    @Test
    void noCommandListsACallTwice() {
        COMMANDS.forEach((command, list) -> {
            List<String> twice = new ArrayList<>();
            Set<Integer> numbers = new HashSet<>();
            for (AllowedSyscall s : list) if (!numbers.add(s.number())) twice.add(s.name());
            assertEquals(List.of(), twice, command);
        });
    }

    @Test
    void everyCallSaysWhoNeedsItOnOneLine() {
        COMMANDS.values().forEach(list -> list.forEach(s ->
                assertTrue(!s.reason().isBlank() && !s.reason().contains("\n"), s.name() + ": '" + s.reason() + "'")));
    }
}
