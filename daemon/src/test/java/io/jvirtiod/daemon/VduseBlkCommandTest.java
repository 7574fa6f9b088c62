package io.jvirtiod.daemon;

import io.jvirtiod.kata.VirtiofsdOptions;
import io.jvirtiod.sandbox.KeptCapabilities;
import io.jvirtiod.sandbox.NamespaceSandbox;
import io.jvirtiod.sandbox.SandboxPlan;
import io.jvirtiod.sandbox.SeccompMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParameterException;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VduseBlkCommandTest {
    @TempDir Path dir;

    private static String usageError(String... args) {
        return assertThrows(ParameterException.class, () -> VduseBlkCommand.parse(args)).getMessage();
    }

    @Test
    void nameAndFileAreRequired() {
        assertEquals("Missing required option: '--name=NAME'", usageError("--file", "x"));
        assertEquals("Missing required option: '--file=IMG'", usageError("--name", "x"));
    }

    @Test
    void badValuesAreNamedInOneLine() {
        assertEquals("Invalid value for option '--queue-size': '100' is not a power of two",
                usageError("--name", "a", "--file", "f", "--queue-size", "100"));
        assertEquals("Invalid value for option '--queues': '0' is not in 1..64",
                usageError("--name", "a", "--file", "f", "--queues", "0"));
        assertEquals("Invalid value for option '--queues': 'two' is not a number",
                usageError("--name", "a", "--file", "f", "--queues", "two"));
        assertEquals("--name 'a/b' must be 1..200 characters without '/'", usageError("--name", "a/b", "--file", "f"));
        assertEquals("Unknown option: '--bogus'", usageError("--name", "a", "--file", "f", "--bogus"));
        assertEquals("--serial is longer than 20 bytes", usageError("--name", "a", "--file", "f", "--serial", "x".repeat(21)));
    }

    @Test
    void defaultsAreOneQueueOf256AndTheNameAsSerial() throws Exception {
        VduseBlkCommand.Options o = VduseBlkCommand.parse("--name", "disk0", "--file", "img");
        assertEquals(1, o.queues());
        assertEquals(256, o.queueSize());
        assertEquals("disk0", o.serial());
        assertFalse(o.readOnly());
        assertEquals(Path.of(VduseBlkCommand.DEFAULT_LOG_DIR), o.logDir());
        assertEquals(SeccompMode.KILL, o.seccomp());
        assertEquals(SeccompMode.LOG, VduseBlkCommand.parse("--name", "d", "--file", "i", "--seccomp", "log")
                .seccomp());
    }

    @Test
    void theSandboxHoldsTheImageTheLogDirectoryAndDevVduse() throws Exception {
        Path img = Files.write(dir.resolve("disk.img"), new byte[4096]);
        VduseBlkCommand.Options o = VduseBlkCommand.parse("--name", "d", "--file", img.toString(), "--log-dir",
                dir.resolve("state").toString());
        assertEquals(VirtiofsdOptions.Sandbox.NAMESPACE, o.sandbox(), "the default, as virtiofsd's");
        SandboxPlan plan = VduseBlkCommand.sandboxPlan(o);
        Map<Path, SandboxPlan.Kind> expected = new java.util.HashMap<>(Map.of(img, SandboxPlan.Kind.RW,
                dir.resolve("state"), SandboxPlan.Kind.RW));
        if (Files.isDirectory(Path.of("/dev/vduse"))) expected.put(Path.of("/dev/vduse"), SandboxPlan.Kind.DEV);
        assertEquals(expected, plan.binds(), "/dev/vduse whole: NAME appears later");
        assertEquals(KeptCapabilities.VDUSE_BLK, plan.kept());
        assertEquals(SandboxPlan.Kind.RO, VduseBlkCommand.sandboxPlan(VduseBlkCommand.parse("--name", "d", "--file",
                img.toString(), "--readonly")).binds().get(img));
        assertEquals(SandboxPlan.Kind.DEV, VduseBlkCommand.sandboxPlan(VduseBlkCommand.parse("--name", "d", "--file",
                "/dev/null")).binds().get(Path.of("/dev/null")), "a device node is bound as it is, not nodev");
    }

    @Test
    void inThisJvmTheSandboxIsRefusedNamingSandboxNone() throws Exception {
        Path img = Files.write(dir.resolve("disk.img"), new byte[4096]);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"vduse-blk", "--name", "d", "--file", img.toString(), "--log-dir",
                dir.resolve("state").toString()}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertEquals("jvirtiod vduse-blk: " + NamespaceSandbox.NOT_LAUNCHED + "\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aDryRunDescribesTheDeviceWithoutTouchingDevVduse() throws Exception {
        Path img = dir.resolve("disk.img");
        Files.write(img, new byte[1 << 20]);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"vduse-blk", "--name", "dry", "--file", img.toString(), "--queues", "2",
                "--readonly", "--dry-run", "--log-dir", dir.resolve("state").toString()}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String out = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, out);
        assertTrue(out.contains("would serve " + img + ": BlkConfig[capacity=2048"), out);
        assertTrue(out.contains("numQueues=2, readOnly=true"), out);
        assertFalse(Files.exists(dir.resolve("state")), "a dry run creates no state");
    }
}
