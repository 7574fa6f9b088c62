package io.jvirtiod.sandbox;

import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.SocketH;
import io.jvirtiod.binding.sys.UnixSocket;
import sun.misc.Signal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The JVM {@link SeccompInJvmTest} starts: with threads already running (so TSYNC has others to reach), it
 * installs virtiofsd's filter in the mode given, says "installed", waits for a line on stdin (the test reads
 * /proc/PID/task meanwhile), then makes either a call the allowlist refuses (socket(AF_UNIX): no daemon path
 * makes one) or only allowed ones (a file read, a new thread, a GC), and says what came back.
 */
public final class SeccompProbe {
    private SeccompProbe() {}

    public static void main(String[] args) throws Exception {
        SeccompMode mode = SeccompMode.valueOf(args[0]);
        String action = args[1];
        AtomicBoolean sigsys = new AtomicBoolean();
        CountDownLatch handled = new CountDownLatch(1);
        Signal.handle(new Signal("SYS"), s -> {
            sigsys.set(true);
            handled.countDown();
        });
        CountDownLatch stop = new CountDownLatch(1);
        for (int i = 0; i < 3; i++) {
            Thread t = new Thread(() -> {
                try {
                    stop.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "probe-idle-" + i);
            t.setDaemon(true);
            t.start();
        }
        // A daemon loads its classes from its jar and its JDK libraries (libnio) before it serves; here classes come
        // from directories and NIO is first used below, which would take stat, readlink and FIONREAD (not on the
        // list): load and link them now, and read stdin with read(2).
        for (Class<?> c : List.of(UnixSocket.class, SocketH.class, FileIo.class)) {
            Class.forName(c.getName(), true, c.getClassLoader());
        }
        Files.readString(Path.of("/proc/self/status"));
        MemorySegment line = Arena.ofAuto().allocate(16);
        System.out.println(SeccompInstaller.install(mode, SyscallAllowlist.virtiofsd()));
        System.out.println("installed");
        System.out.flush();
        FileIo.readRaw(0, line); // the test's "go", once it has read /proc/PID/task
        switch (action) {
            case "forbidden" -> {
                int fd = UnixSocket.socketRaw(SocketH.AF_UNIX, SocketH.SOCK_STREAM | SocketH.SOCK_CLOEXEC, 0);
                if (mode == SeccompMode.TRAP) handled.await(); // the handler runs on a thread of its own
                // a trapped call is not made and returns its own number (the kernel rolls the registers back):
                // shutdown(2) succeeds on a socket only (ENOTSOCK or EBADF otherwise)
                boolean socket = fd >= 0 && UnixSocket.shutdownRaw(fd, SocketH.SHUT_RDWR) == 0;
                System.out.println("socket returned " + fd + ", a socket: " + socket + ", sigsys " + sigsys.get());
            }
            case "allowed" -> {
                String status = Files.readString(Path.of("/proc/self/status"));
                Thread t = new Thread(() -> System.gc(), "probe-after-install");
                t.start();
                t.join();
                byte[][] garbage = new byte[64][];
                for (int i = 0; i < 10_000; i++) garbage[i % 64] = new byte[64 * 1024];
                System.out.println("read /proc/self/status: " + status.lines()
                        .filter(l -> l.startsWith("Seccomp:")).findFirst().orElse("no Seccomp line").replace('\t', ' ')
                        + "; thread, gc and " + garbage.length + " allocations survived");
            }
            default -> throw new IllegalArgumentException(action);
        }
        System.out.flush();
        stop.countDown();
    }
}
