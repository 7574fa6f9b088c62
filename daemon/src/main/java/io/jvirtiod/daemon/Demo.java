package io.jvirtiod.daemon;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded demo of {@code jvirtiod fuse --demo}: a small tree to serve (text files, a subdirectory, a
 * symlink, a sparse file), so that the one run command of the README shows a working mount.
 */
final class Demo {
    private Demo() {}

    /** Creates {@code shared} (keeping anything already there) with the demo files, and the mount point. */
    static void create(Path shared, Path mount) throws IOException {
        Files.createDirectories(shared);
        Files.createDirectories(mount);
        write(shared.resolve("README.txt"), """
                This directory is served by jvirtiod's passthrough file system over /dev/fuse.
                Everything you do under the mount point happens here, confined to this directory.
                """);
        write(shared.resolve("hello.txt"), "Hello from jvirtiod!\n");
        Path docs = Files.createDirectories(shared.resolve("docs"));
        for (int i = 1; i <= 3; i++) write(docs.resolve("note-" + i + ".txt"), "note " + i + "\n");
        Path link = shared.resolve("hello-link");
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(link, Path.of("hello.txt"));
        Path sparse = shared.resolve("sparse.img");
        if (!Files.exists(sparse)) {
            try (var ch = java.nio.channels.FileChannel.open(sparse, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap("end".getBytes()), 64L << 20);
            }
        }
    }

    private static void write(Path p, String text) throws IOException {
        if (!Files.exists(p)) Files.writeString(p, text);
    }

    static void printTryThis(PrintWriter out, Path mount) {
        out.println("try, in another terminal:");
        out.println("  ls -la " + mount + "            # the demo tree");
        out.println("  cat " + mount + "/hello.txt");
        out.println("  echo hi > " + mount + "/new.txt && ls -l " + mount.getParent().resolve("shared"));
        out.println("  du -h --apparent-size " + mount + "/sparse.img; du -h " + mount + "/sparse.img   # sparse");
        out.println("  ls " + mount + "/..  # stays where it is: .. of the mount is the host's, not the share's");
    }
}
