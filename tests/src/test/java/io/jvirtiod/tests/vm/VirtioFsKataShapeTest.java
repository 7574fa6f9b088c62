package io.jvirtiod.tests.vm;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * virtio-fs as Kata runs it, served by QEMU's C virtiofsd (the reference daemon): one boot, and each test checks
 * one thing the guest or the host must see.
 */
class VirtioFsKataShapeTest {
    @TempDir
    static Path share;
    private static VirtioFsGuest.Result result;

    @BeforeAll
    static void bootOnce() throws IOException {
        String daemon = "echo \"fd3=$(readlink /proc/self/fd/3)\"; " + VirtioFsGuest.C_VIRTIOFSD;
        VirtioFsGuest.require(VirtioFsGuest.C_VIRTIOFSD);
        Files.writeString(share.resolve("from-host.txt"), "host wrote this\n");
        result = VirtioFsGuest.run(share, daemon, """
                set -e
                grep " $PWD " /proc/mounts
                cat from-host.txt > seen-by-guest.txt
                mkdir -p containers/c1/rootfs
                echo "guest $(uname -r)" > containers/c1/rootfs/hello.txt
                head -c 4194304 /dev/urandom > blob.bin
                echo "blob=$(sha256sum < blob.bin | cut -c1-64)"
                """, Duration.ofMinutes(5));
    }

    @Test
    void theGuestScriptSucceeds() {
        assertEquals(0, result.guest().exitCode(), result.describe());
    }

    @Test
    void theTagIsMountedAsVirtiofsAtTheKataPath() {
        assertTrue(result.guest().output().contains("kataShared " + VirtioFsGuest.KATA_SHARED + " virtiofs "),
                result.describe());
    }

    @Test
    void theDaemonGotTheListeningSocketAsFd3() {
        assertTrue(result.daemonLog().contains("fd3=socket:["), result.describe());
    }

    @Test
    void theGuestReadsWhatTheHostWrote() throws IOException {
        assertEquals("host wrote this\n", Files.readString(share.resolve("seen-by-guest.txt")), result.describe());
    }

    @Test
    void theHostSeesTheGuestsFilesWithTheSameContent() throws IOException, NoSuchAlgorithmException {
        assertEquals("guest " + Guest.kernelRelease() + "\n",
                Files.readString(share.resolve("containers/c1/rootfs/hello.txt")), result.describe());
        String line = result.guest().output().lines().filter(l -> l.startsWith("blob=")).findFirst()
                .orElseThrow(() -> new AssertionError("no checksum line: " + result.describe()));
        byte[] onHost = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(share.resolve("blob.bin")));
        assertEquals(4194304, Files.size(share.resolve("blob.bin")));
        assertArrayEquals(HexFormat.of().parseHex(line.substring(5)), onHost);
    }
}
