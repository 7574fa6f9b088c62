package io.jvirtiod.daemon;

import io.jvirtiod.fs.fuse.FuseServer;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The embedded demo of {@code jvirtiod fuse --demo}: a small tree to serve (text files, a subdirectory, a
 * symlink, a sparse file), so that the one run command of the README shows a working mount.
 *
 * <p>It lives in a fresh private temporary directory (mode 0700, a name nobody could have planted): a fixed path
 * in the shared /tmp would let another user plant {@code mnt -> /etc} and have root mount over it, or make the
 * daemon write where a symlink points. It is removed when the daemon exits.
 */
final class Demo {
    static final String SHARED = "shared";
    static final String MOUNT = "mnt";

    private Demo() {}

    /** A new private directory (0700, created exclusively under java.io.tmpdir) with empty shared/ and mnt/. */
    static Path createRoot() throws IOException {
        Path root = Files.createTempDirectory("jvirtiod-demo-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createDirectory(root.resolve(SHARED));
        Files.createDirectory(root.resolve(MOUNT));
        return root;
    }

    /** Fills {@code shared}, made by {@link #createRoot}, with the demo files. */
    static void create(Path shared) throws IOException {
        Files.writeString(shared.resolve("README.txt"), """
                This directory is served by jvirtiod's passthrough file system over /dev/fuse.
                Everything you do under the mount point happens here, confined to this directory.
                """);
        Files.writeString(shared.resolve("hello.txt"), "Hello from jvirtiod!\n");
        Path docs = Files.createDirectory(shared.resolve("docs"));
        for (int i = 1; i <= 3; i++) Files.writeString(docs.resolve("note-" + i + ".txt"), "note " + i + "\n");
        Files.createSymbolicLink(shared.resolve("hello-link"), Path.of("hello.txt"));
        try (var ch = FileChannel.open(shared.resolve("sparse.img"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap("end".getBytes(StandardCharsets.US_ASCII)), 64L << 20);
        }
    }

    /**
     * Removes the demo's directory after its unmount (both the signal hook and the serving thread may call it);
     * symlinks are removed, never followed, and nothing is removed while mnt/ is still a mount point.
     */
    static synchronized void remove(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> all = Files.walk(root)) {
            if (FuseServer.isMounted(root.resolve(MOUNT))) {
                System.err.println("jvirtiod: " + root.resolve(MOUNT) + " is still mounted; " + root + " is kept");
                return;
            }
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("jvirtiod: could not remove the demo directory " + root + ": " + e.getMessage());
        }
    }

    static void printTryThis(PrintWriter out, Path mount) {
        out.println("try, in another terminal:");
        out.println("  ls -la " + mount + "            # the demo tree");
        out.println("  cat " + mount + "/hello.txt");
        out.println("  echo hi > " + mount + "/new.txt && ls -l " + mount.getParent().resolve(SHARED));
        out.println("  du -h --apparent-size " + mount + "/sparse.img; du -h " + mount + "/sparse.img   # sparse");
        out.println("  ls " + mount + "/..  # stays where it is: .. of the mount is the host's, not the share's");
    }
}
