package io.jvirtiod.fs.fuse;

import io.jvirtiod.testsupport.Require;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns the fuse module's FUSE-over-io_uring switch on for a test and back to what it was afterwards. Without the
 * switch (a kernel before 6.14, or built without CONFIG_FUSE_IO_URING) the test skips, and fails under CI.
 */
public final class UringSwitch implements AutoCloseable {
    private final Path path;
    private final String was;

    private UringSwitch(Path path, String was) {
        this.path = path;
        this.was = was;
    }

    public static UringSwitch on() throws IOException {
        Require.root();
        Path p = Path.of(FuseServer.URING_SWITCH);
        Require.that(Files.exists(p), "this kernel has no FUSE over io_uring (" + p + " is missing; Linux 6.14+)");
        String was = Files.readString(p).trim();
        Files.writeString(p, "Y");
        return new UringSwitch(p, was);
    }

    @Override
    public void close() throws IOException {
        Files.writeString(path, was);
    }
}
