package io.jvirtiod.sandbox;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SandboxPlanTest {
    @Test
    void aDirectoryIsBoundBeforeOneBeneathItWhateverTheOrderGiven() {
        SandboxPlan plan = new SandboxPlan(Set.of(Capability.CHOWN))
                .bind(SandboxPlan.Kind.SHARED, Path.of("/run/kata/shared/x"))
                .bind(SandboxPlan.Kind.DEV, Path.of("/dev/log"))
                .bind(SandboxPlan.Kind.RW, Path.of("/run/kata"));
        assertEquals(List.of("--dev", "/dev/log", "--rw", "/run/kata", "--shared", "/run/kata/shared/x",
                "--caps", "chown", "--cwd", "/"), plan.scriptArguments(Path.of("/")));
    }

    @Test
    void aPathGivenTwiceKeepsTheStrongerKind() {
        SandboxPlan plan = new SandboxPlan(Set.of())
                .bind(SandboxPlan.Kind.RW, Path.of("/srv/share"))
                .bind(SandboxPlan.Kind.SHARED, Path.of("/srv/share/"))
                .bind(SandboxPlan.Kind.RW, Path.of("/srv/share"))
                .bind(SandboxPlan.Kind.RO, Path.of("/srv/share"));
        assertEquals(List.of("--shared", "/srv/share", "--caps", "", "--cwd", "/"),
                plan.scriptArguments(Path.of("/")));
    }

    @Test
    void aRelativePathIsBoundWhereTheCommandWillResolveIt() {
        SandboxPlan plan = new SandboxPlan(Set.of()).bind(SandboxPlan.Kind.RW, Path.of("sock/../run"));
        assertEquals(Path.of("").toAbsolutePath().resolve("run"), plan.binds().keySet().iterator().next());
    }

    @Test
    void capabilitiesAreGivenBySetprivNameAndMaskedByKernelNumber() {
        SandboxPlan plan = new SandboxPlan(EnumSet.of(Capability.SETFCAP, Capability.DAC_READ_SEARCH));
        assertEquals("dac_read_search,setfcap", plan.scriptArguments(Path.of("/")).get(1));
        assertEquals(0x8800_00dfL, Capability.mask(KeptCapabilities.VIRTIOFSD),
                "virtiofsd's CHOWN DAC_OVERRIDE FOWNER FSETID SETGID SETUID MKNOD SETFCAP, and DAC_READ_SEARCH");
    }
}
