package io.jvirtiod.daemon;

import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.ErrnoException;
import io.jvirtiod.binding.sys.FcntlH;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.PathOps;
import io.jvirtiod.binding.sys.StatH;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Unmounts a FUSE mount made before the namespace sandbox once the daemon is gone: inside, the daemon has left the
 * host's mount namespace and keeps no SYS_ADMIN, so it cannot. A bash in the host's namespaces, started before the
 * exec into the sandbox, reads a FIFO whose only write end this process holds (and keeps across the exec); when
 * every holder has ended, whatever the signal, the read sees EOF and the bash detaches the mount ({@code umount -l},
 * as libfuse's auto_unmount), so users still inside it finish while it leaves the namespace at once.
 */
final class UnmountWatcher {
    private UnmountWatcher() {}

    /**
     * The watcher: deaf to the terminal's and the supervisor's signals (they are the daemon's), opens the FIFO,
     * removes its name, waits for EOF, detaches the mount (quietly: the daemon may have ended on an unmount).
     */
    private static final String SCRIPT = "trap '' INT TERM HUP QUIT; exec 3<\"$1\"; rm -f -- \"$1\"; "
            + "cat <&3 >/dev/null; umount -l -- \"$2\" 2>/dev/null || true";

    /**
     * Starts the watcher of {@code mnt}; returns the write end (no close-on-exec), to keep open for the daemon's
     * life. The watcher gets no other fd of this JVM (Java's process launch closes them all).
     */
    static int start(Path mnt) throws IOException {
        Path dir = Files.createTempDirectory("jvirtiod-unmount");
        Path fifo = dir.resolve("daemon-alive");
        try {
            PathOps.mknodat(FcntlH.AT_FDCWD, fifo.toString(), StatH.S_IFIFO | 0600, 0);
            Process watcher = new ProcessBuilder("bash", "-c", SCRIPT, "jvirtiod-unmount", fifo.toString(),
                    mnt.toString()).redirectInput(new File("/dev/null")).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            // Non-blocking: ENXIO until the watcher opened its read end, instead of waiting forever should it fail.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                try {
                    return FileIo.open(fifo.toString(), FcntlH.O_WRONLY | FcntlH.O_NONBLOCK, 0);
                } catch (ErrnoException e) {
                    if (e.errno() != Errno.ENXIO || !watcher.isAlive() || System.nanoTime() > deadline) {
                        watcher.destroy();
                        throw new IOException("cannot start the unmount watcher of " + mnt + ": " + e.getMessage(), e);
                    }
                }
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted starting the unmount watcher of " + mnt, e);
        } finally {
            Files.deleteIfExists(fifo); // the watcher removed it once open; this covers a failure
            Files.deleteIfExists(dir);
        }
    }
}
