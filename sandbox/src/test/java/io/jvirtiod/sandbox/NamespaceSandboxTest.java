package io.jvirtiod.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NamespaceSandboxTest {
    @TempDir
    Path dir;

    @Test
    void theJvmsFilesAreBoundReadOnlyAndTheCommandsArgumentsAreNot() throws Exception {
        Path jar = Files.createDirectories(dir.resolve("target")).resolve("jvirtiod.jar");
        Files.createDirectories(dir.resolve("target/lib"));
        SandboxPlan plan = new SandboxPlan(Set.of());
        NamespaceSandbox.runtime(plan, List.of("/usr/lib/jvm/jdk/bin/java", "@/opt/j/jvm.flags",
                "-XX:AOTCache=/var/cache/j.aot", "-jar", jar.toString(), "virtiofsd", "@/not/a/flags/file"));
        Map<Path, SandboxPlan.Kind> binds = plan.binds();
        assertEquals(SandboxPlan.Kind.RO, binds.get(Path.of("/opt/j/jvm.flags")));
        assertEquals(SandboxPlan.Kind.RO, binds.get(Path.of("/var/cache/j.aot")));
        assertEquals(SandboxPlan.Kind.RO, binds.get(jar));
        assertEquals(SandboxPlan.Kind.RO, binds.get(dir.resolve("target/lib")), "the manifest's Class-Path");
        assertFalse(binds.containsKey(Path.of("/not/a/flags/file")), "after -jar JAR come the command's arguments");
    }

    @Test
    void aJvmTheLauncherDidNotStartIsNotReplaced() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NamespaceSandbox.enter(new SandboxPlan(Set.of())));
        assertEquals(NamespaceSandbox.NOT_LAUNCHED, e.getMessage());
    }
}
