package io.jvirtiod.daemon;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {

    private record Result(int status, String out, String err) {}

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsTheCommandsAndSucceeds() {
        Result r = run("--help");
        assertEquals(0, r.status);
        assertTrue(r.out.startsWith("Usage: jvirtiod") && r.out.contains("a userspace virtio datapath"), r.out);
        assertTrue(r.out.contains("kata-config") && r.out.contains("vduse-blk"), r.out);
        assertFalse(r.out.contains("generate-completion"), "the completion script is not a mode: " + r.out);
    }

    @Test
    void anUnknownCommandIsOneLineAndExitStatusTwo() {
        Result r = run("frobnicate");
        assertEquals(2, r.status);
        assertEquals("jvirtiod: Unmatched argument at index 0: 'frobnicate' (try 'jvirtiod --help')\n", r.err);
    }

    @Test
    void noArgumentsPrintsUsageAsAnError() {
        Result r = run();
        assertEquals(2, r.status);
        assertTrue(r.err.startsWith("Usage: jvirtiod"), r.err);
    }

    @Test
    void everyCommandHasGeneratedHelp() {
        for (String command : new String[] {"fuse", "virtiofsd", "vduse-blk", "kata-config", "generate-completion"}) {
            Result r = run(command, "--help");
            assertEquals(0, r.status, command);
            assertTrue(r.out.startsWith("Usage: jvirtiod " + command), r.out);
        }
        assertTrue(run("kata-config", "generate", "--help").out.contains("--queue-size=N"));
    }

    @Test
    void generateCompletionPrintsABashCompletionScript() {
        Result r = run("generate-completion");
        assertEquals(0, r.status, r.err);
        assertTrue(r.out.contains("complete -F _complete_jvirtiod") && r.out.contains("--inode-file-handles"),
                r.out.substring(0, Math.min(400, r.out.length())));
    }

    @Test
    void aBadKataConfigFlagIsOneLineAndExitStatusTwo() {
        Result r = run("kata-config", "generate", "--queue-size", "3");
        assertEquals(2, r.status);
        assertEquals("jvirtiod kata-config generate: virtio_fs_queue_size must be a power of two up to 1024 (got 3)\n",
                r.err);
    }
}
