package io.jvirtiod.daemon;

import io.jvirtiod.fs.passthrough.CacheMode;
import io.jvirtiod.fs.passthrough.PassthroughConfig;
import io.jvirtiod.fs.passthrough.XattrMap;
import io.jvirtiod.kata.VirtiofsdCommandLine;
import io.jvirtiod.kata.VirtiofsdOptions;
import io.jvirtiod.sandbox.KeptCapabilities;
import io.jvirtiod.sandbox.NamespaceSandbox;
import io.jvirtiod.sandbox.SandboxPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VirtiofsdCommandTest {
    @TempDir
    Path dir;

    private static int main(ByteArrayOutputStream err, String... args) {
        return Main.run(args, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printCapabilitiesPrintsTheVhostUserBackendTypeAsJson() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"virtiofsd", "--print-capabilities"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, status);
        assertEquals("{\n  \"type\": \"fs\"\n}\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownOptionIsRefusedWithOneLineAndStatusTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, main(err, "virtiofsd", "--fd=3", "--shared-dir=/tmp", "--frobnicate"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("jvirtiod virtiofsd: ") && e.contains("--frobnicate"), e);
        assertEquals(1, e.lines().count(), e);
    }

    @Test
    void theSandboxHoldsTheSharedDirectoryTheSocketsDirectoryAndVirtiofsdsCapabilities() throws Exception {
        SandboxPlan plan = VirtiofsdCommand.sandboxPlan(VirtiofsdCommandLine.parse(List.of("--socket-path="
                + dir.resolve("run/vhost.sock"), "--shared-dir=" + dir.resolve("share"))));
        assertEquals(Map.of(dir.resolve("share"), SandboxPlan.Kind.SHARED, dir.resolve("run"), SandboxPlan.Kind.RW),
                plan.binds());
        assertEquals(KeptCapabilities.VIRTIOFSD, plan.kept());
        assertEquals(Map.of(dir, SandboxPlan.Kind.SHARED), VirtiofsdCommand.sandboxPlan(VirtiofsdCommandLine.parse(
                List.of("--fd=3", "--shared-dir=" + dir))).binds(), "Kata's listening socket is inherited, not bound");
    }

    @Test
    void inThisJvmTheSandboxIsRefusedNamingSandboxNone() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path sock = dir.resolve("vhost.sock");
        assertEquals(2, main(err, "virtiofsd", "--socket-path=" + sock, "--shared-dir=" + dir));
        assertEquals("jvirtiod virtiofsd: " + NamespaceSandbox.NOT_LAUNCHED + "\n",
                err.toString(StandardCharsets.UTF_8));
        assertFalse(java.nio.file.Files.exists(sock), "refused before listening");
        assertEquals(2, main(err, "virtiofsd", "--socket-path=" + sock, "--shared-dir=" + dir, "--sandbox=chroot"));
    }

    @Test
    void anUnsupportedOptionIsRefusedNamingIt() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, main(err, "virtiofsd", "--fd=3", "--shared-dir=/tmp", "--posix-acl"));
        assertEquals("jvirtiod virtiofsd: option --posix-acl is not supported by jvirtiod\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutASharedDirectoryItSaysSoInOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, main(err, "virtiofsd", "--socket-path=" + dir.resolve("s")));
        assertEquals("jvirtiod virtiofsd: missing --shared-dir (or -o source=DIR)\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void virtiofsdOptionsMapOntoThePassthroughFileSystem() throws Exception {
        VirtiofsdOptions o = VirtiofsdCommandLine.parse(List.of("--fd=3", "--shared-dir=" + dir, "--cache=never",
                "--inode-file-handles=never", "--xattr"));
        PassthroughConfig c = VirtiofsdCommand.passthroughConfig(o, dir);
        assertEquals(CacheMode.NEVER, c.cache());
        assertFalse(c.fileHandles());
        assertTrue(c.xattr());
        assertFalse(c.passthrough(), "FUSE passthrough has no meaning over virtio-fs");

        VirtiofsdOptions legacy = VirtiofsdCommandLine.parse(List.of("--fd=3", "-o",
                "source=" + dir + ",cache=always"));
        PassthroughConfig l = VirtiofsdCommand.passthroughConfig(legacy, dir);
        assertEquals(CacheMode.ALWAYS, l.cache());
        assertTrue(l.fileHandles(), "file handles are preferred by default (virtiofsd's --inode-file-handles=prefer)");
    }

    @Test
    void anInodeLimitIsOptionalAndPositive() throws Exception {
        assertEquals(PassthroughConfig.UNLIMITED_INODES, VirtiofsdCommand.passthroughConfig(
                VirtiofsdCommandLine.parse(List.of("--fd=3", "--shared-dir=" + dir)), dir).inodeLimit());
        assertEquals(50, VirtiofsdCommand.passthroughConfig(VirtiofsdCommandLine.parse(List.of("--fd=3",
                "--shared-dir=" + dir, "--inode-limit=50")), dir).inodeLimit());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, main(err, "virtiofsd", "--fd=3", "--shared-dir=" + dir, "--inode-limit=0"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("'0' is not in 1..2147483647"), err.toString());
    }

    @Test
    void theXattrMapGivenReplacesTheDefaultOne() throws Exception {
        assertEquals(XattrMap.DEFAULT, VirtiofsdCommand.passthroughConfig(VirtiofsdCommandLine.parse(List.of("--fd=3",
                "--shared-dir=" + dir, "--xattr")), dir).xattrMap());
        PassthroughConfig c = VirtiofsdCommand.passthroughConfig(VirtiofsdCommandLine.parse(List.of("--fd=3",
                "--shared-dir=" + dir, "--xattrmap=:map::user.virtiofs.:")), dir);
        assertEquals(":map::user.virtiofs.:", c.xattrMap().toString());
        assertTrue(c.xattr(), "--xattrmap implies --xattr");
    }

    @Test
    void anInvalidXattrMapIsOneLineWithStatusTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, main(err, "virtiofsd", "--fd=3", "--shared-dir=/tmp", "--xattrmap=:prefix:all:a."));
        assertEquals("jvirtiod virtiofsd: Invalid value for option '--xattrmap': xattrmap rule 1 (at character 1): "
                + "':prefix:all:a.' is incomplete (a rule is :type:scope:key:prepend:)\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void killprivV2IsOfferedOnlyWhenAskedForAsVirtiofsdDoes() throws Exception {
        assertFalse(VirtiofsdCommand.passthroughConfig(VirtiofsdCommandLine.parse(List.of("--fd=3",
                "--shared-dir=" + dir)), dir).killprivV2());
        assertTrue(VirtiofsdCommand.passthroughConfig(VirtiofsdCommandLine.parse(List.of("--fd=3",
                "--shared-dir=" + dir, "--killpriv-v2")), dir).killprivV2());
        assertTrue(VirtiofsdCommand.passthroughConfig(VirtiofsdCommandLine.parse(List.of("--fd=3",
                "-o", "source=" + dir + ",killpriv_v2")), dir).killprivV2());
    }

    @Test
    void writebackWithoutDataCachingIsAUsageError() throws Exception {
        VirtiofsdOptions o = VirtiofsdCommandLine.parse(List.of("--fd=3", "--shared-dir=" + dir, "--cache=never",
                "--writeback"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VirtiofsdCommand.passthroughConfig(o, dir));
        assertTrue(e.getMessage().contains("writeback"), e.getMessage());
    }

    @Test
    void optionsHandledDifferentlyFromVirtiofsdAreAnnounced() throws Exception {
        VirtiofsdOptions o = VirtiofsdCommandLine.parse(List.of("--fd=3", "--shared-dir=" + dir,
                "--thread-pool-size=1", "--announce-submounts"));
        List<String> notes = VirtiofsdCommand.notes(o);
        assertTrue(notes.stream().noneMatch(n -> n.startsWith("--thread-pool-size") || n.startsWith("--announce")),
                "options that act are not announced: " + notes);
        assertTrue(VirtiofsdCommand.notes(VirtiofsdCommandLine.parse(List.of("--fd=3", "--shared-dir=" + dir,
                "-o", "flock", "--thread-pool-size=4"))).stream().anyMatch(n -> n.contains("EOPNOTSUPP")),
                "a lock wait answered EOPNOTSUPP is said");
        assertTrue(VirtiofsdCommand.notes(VirtiofsdCommandLine.parse(List.of("--fd=3", "--shared-dir=" + dir,
                "--xattr"))).stream().anyMatch(n -> n.startsWith("--xattr without --xattrmap: names under trusted.")));
        assertTrue(VirtiofsdCommand.notes(VirtiofsdCommandLine.parse(List.of("--fd=3", "--shared-dir=" + dir,
                "--xattrmap=:ok:all:::"))).stream().noneMatch(n -> n.startsWith("--xattr")), "a map says itself");
    }

    private PassthroughConfig config(String... flags) {
        List<String> args = new java.util.ArrayList<>(List.of("--fd=3", "--shared-dir=" + dir));
        args.addAll(List.of(flags));
        return VirtiofsdCommand.passthroughConfig(VirtiofsdCommandLine.parse(args), dir);
    }

    @Test
    void eachFileSystemFlagReachesThePassthroughFileSystem() {
        PassthroughConfig defaults = config();
        assertFalse(defaults.posixLocks() || defaults.flockLocks(), "virtiofsd's no_posix_lock, no_flock");
        assertTrue(defaults.readdirplus());
        assertFalse(defaults.allowDirectIo() || defaults.announceSubmounts());
        assertEquals(PassthroughConfig.CACHE_TIMEOUT, defaults.timeoutNanos());
        assertTrue(config("-o", "posix_lock,flock").posixLocks());
        assertTrue(config("-o", "posix_lock,flock").flockLocks());
        assertFalse(config("--no-readdirplus").readdirplus());
        assertFalse(config("--cache=never").readdirplus(), "virtiofsd: no readdirplus without caching");
        assertTrue(config("--cache=never", "-o", "readdirplus").readdirplus(), "unless asked for (C virtiofsd)");
        assertTrue(config("--allow-direct-io").allowDirectIo());
        assertTrue(config("-o", "allow_direct_io").allowDirectIo());
        assertTrue(config("--announce-submounts").announceSubmounts());
        assertTrue(config("-o", "announce_submounts").announceSubmounts());
        assertEquals(2_500_000_000L, config("-o", "timeout=2.5").timeoutNanos());
        assertEquals(2_500_000_000L, config("--cache=never", "-o", "timeout=2.5").entryTimeoutNanos(),
                "it overrides every cache mode's");
    }

    @Test
    void theThreadPoolSizeIsTheVhostUserDevicesPool() {
        assertEquals(0, VirtiofsdCommandLine.parse(List.of("--fd=3", "--shared-dir=" + dir)).threadPoolSize());
        assertEquals(0, new VirtioFsVhostUserDevice(null, 0).poolThreads());
        int kata = VirtiofsdCommandLine.parse(List.of("--fd=3", "--shared-dir=" + dir, "--thread-pool-size=1"))
                .threadPoolSize();
        assertEquals(1, new VirtioFsVhostUserDevice(null, kata).poolThreads());
    }

    @Test
    void theSocketGetsTheGroupAndModeVirtiofsdGivesIt() throws Exception {
        Path socket = dir.resolve("vfs.sock");
        int fd = VirtiofsdCommand.listen(socket, VirtiofsdCommand.socketGroup(VirtiofsdCommandLine.parse(List.of(
                "--socket-path=" + socket, "--shared-dir=" + dir, "--socket-group=daemon"))));
        try {
            assertEquals("daemon", java.nio.file.Files.getAttribute(socket, "posix:group",
                    java.nio.file.LinkOption.NOFOLLOW_LINKS).toString());
            assertEquals("rwxrwx---", java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(socket)));
        } finally {
            io.jvirtiod.binding.sys.FileIo.closeRaw(fd);
        }
        int plain = VirtiofsdCommand.listen(socket, VirtiofsdCommand.socketGroup(VirtiofsdCommandLine.parse(
                List.of("--socket-path=" + socket, "--shared-dir=" + dir))));
        io.jvirtiod.binding.sys.FileIo.closeRaw(plain);
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(socket)));
    }

    @Test
    void anUnknownSocketGroupOrOneWithAnInheritedSocketIsOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, main(err, "virtiofsd", "--socket-path=" + dir.resolve("s"), "--shared-dir=" + dir,
                "--socket-group=no-such-group-here"));
        assertEquals("jvirtiod virtiofsd: --socket-group=no-such-group-here: no such group\n",
                err.toString(StandardCharsets.UTF_8));
        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        assertEquals(2, main(err2, "virtiofsd", "--fd=3", "--shared-dir=" + dir, "--socket-group=daemon"));
        assertTrue(err2.toString(StandardCharsets.UTF_8).contains("--socket-group needs --socket-path"),
                err2.toString());
    }

    @Test
    void aNegativeOrMalformedTimeoutIsRefused() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, main(err, "virtiofsd", "--fd=3", "--shared-dir=" + dir, "-o", "timeout=-1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("-o timeout=-1 is not in 0.."), err.toString());
        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        assertEquals(2, main(err2, "virtiofsd", "--fd=3", "--shared-dir=" + dir, "-o", "timeout=soon"));
        assertTrue(err2.toString(StandardCharsets.UTF_8).contains("is not a number of seconds"), err2.toString());
    }
}
