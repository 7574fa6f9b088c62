package io.jvirtiod.binding.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A temporary directory with an O_PATH|O_DIRECTORY fd on it, for tests of the *at calls. */
final class TempDir implements AutoCloseable {
    final Path path;
    final int fd;

    TempDir() throws IOException {
        path = Files.createTempDirectory("jvirtiod-sys");
        fd = FileIo.open(path.toString(), FcntlH.O_RDONLY | FcntlH.O_DIRECTORY | FcntlH.O_CLOEXEC, 0);
    }

    Path resolve(String name) {
        return path.resolve(name);
    }

    int open(String name, int flags) {
        return FileIo.openat(fd, name, flags | FcntlH.O_CLOEXEC, 0644);
    }

    @Override
    public void close() throws IOException {
        FileIo.close(fd);
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
