package io.jvirtiod.fs.fuse;

import io.jvirtiod.binding.sys.Mount;
import io.jvirtiod.binding.sys.MountH;
import io.jvirtiod.fs.FileSystem;
import io.jvirtiod.testsupport.Require;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file system mounted through /dev/fuse for a test, the one mount fixture of the mounted suites: it requires
 * root and /dev/fuse (skips locally, fails under CI=true), and on close stops the server and detaches the mount
 * should a busy user still hold it, so a failed test leaves no mount behind.
 */
public final class FuseMount implements AutoCloseable {
    private final Path path;
    private final FuseServer server;

    private FuseMount(Path path, FuseServer server) {
        this.path = path;
        this.server = server;
    }

    /** Skips (or, under CI, fails) the test unless this machine can mount FUSE. */
    public static void require() {
        Require.root();
        Require.that(Files.exists(Path.of(DevFuse.PATH)), "no /dev/fuse (modprobe fuse)");
    }

    /** Mounts {@code fs} on the existing directory {@code mountpoint}. */
    public static FuseMount mount(FileSystem fs, Path mountpoint, FuseMountOptions options) {
        require();
        return new FuseMount(mountpoint, FuseServer.mount(fs, mountpoint, options));
    }

    public Path path() {
        return path;
    }

    public FuseServer server() {
        return server;
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (FuseServer.isMounted(path)) Mount.umount2Raw(path.toString(), MountH.MNT_DETACH);
    }
}
