package io.jvirtiod.daemon;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        assertTrue(r.out.startsWith("jvirtiod: a userspace virtio datapath"), r.out);
        assertTrue(r.out.contains("kata-config"), r.out);
    }

    @Test
    void anUnknownCommandIsOneLineAndExitStatusTwo() {
        Result r = run("frobnicate");
        assertEquals(2, r.status);
        assertEquals("jvirtiod: unknown command 'frobnicate' (try 'jvirtiod --help')\n", r.err);
    }

    @Test
    void noArgumentsPrintsUsageAsAnError() {
        Result r = run();
        assertEquals(2, r.status);
        assertTrue(r.err.contains("usage: jvirtiod COMMAND"), r.err);
    }

    @Test
    void aBadKataConfigFlagIsOneLineAndExitStatusTwo() {
        Result r = run("kata-config", "generate", "--queue-size", "3");
        assertEquals(2, r.status);
        assertEquals("jvirtiod kata-config: virtio_fs_queue_size must be a power of two up to 1024 (got 3)\n", r.err);
    }
}
