package io.jvirtiod.tests.vm;

import io.jvirtiod.testsupport.Require;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs a script in a guest whose {@code kataShared} virtio-fs tag is served by a vhost-user-fs daemon on the
 * host, launched as Kata Containers launches it (tests/vm/virtiofs.sh): the harness listens on the vhost-user
 * socket and gives it to the daemon as fd 3; the guest mounts the tag at {@link #KATA_SHARED}.
 */
public final class VirtioFsGuest {
    /** Where the Kata agent mounts the shared directory; the script's working directory. */
    public static final String KATA_SHARED = "/run/kata-containers/shared/containers";

    /**
     * QEMU 7.2's C virtiofsd with Kata 2.x's arguments. A daemon command runs under bash with the listening
     * socket on fd 3 and {@code $SHARE} (the directory to export) set.
     */
    private static final Path C_VIRTIOFSD_PATH = Path.of("/usr/lib/qemu/virtiofsd");
    public static final String C_VIRTIOFSD =
            "exec " + C_VIRTIOFSD_PATH + " --fd=3 -f -o source=\"$SHARE\" -o cache=auto -o no_posix_lock";

    /** The guest's result and what the daemon printed. */
    public record Result(GuestResult guest, String daemonLog) {
        public String describe() {
            return guest.describe() + "--- daemon log\n" + daemonLog;
        }
    }

    private VirtioFsGuest() {}

    /** Requires the guest harness, and QEMU's C virtiofsd when {@code daemonCommand} is {@link #C_VIRTIOFSD}. */
    public static void require(String daemonCommand) {
        Guest.require();
        if (daemonCommand.equals(C_VIRTIOFSD)) {
            Require.file(C_VIRTIOFSD_PATH, "qemu-system-common");
        }
    }

    /**
     * Exports {@code share} with {@code daemonCommand}, boots a guest, mounts the share and runs {@code script}
     * in it (cwd {@link #KATA_SHARED}), unmounts, stops the daemon.
     */
    public static Result run(Path share, String daemonCommand, String script, Duration timeout) {
        require(daemonCommand);
        Path daemonLog = null;
        try {
            daemonLog = Files.createTempFile("jvirtiod-vfs-daemon", ".log");
            GuestResult guest = HarnessProcess.run(
                    List.of("bash", Guest.vmDir().resolve("virtiofs.sh").toString(), "-s",
                            share.toAbsolutePath().toString(), script),
                    Map.of("VFS_DAEMON", daemonCommand, "VFS_DAEMON_LOG", daemonLog.toString()), timeout);
            return new Result(guest, Files.readString(daemonLog));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (daemonLog != null) HarnessProcess.deleteQuietly(daemonLog);
        }
    }
}
