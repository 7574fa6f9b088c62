package io.jvirtiod.daemon;

import io.jvirtiod.fs.passthrough.CacheMode;
import io.jvirtiod.fs.passthrough.XattrMap;
import io.jvirtiod.fs.fuse.FuseMountOptions;
import io.jvirtiod.fs.fuse.FuseServer;
import io.jvirtiod.fs.passthrough.PassthroughConfig;
import io.jvirtiod.sandbox.KeptCapabilities;
import io.jvirtiod.sandbox.SandboxPlan;
import io.jvirtiod.sandbox.SeccompMode;
import io.jvirtiod.testsupport.Require;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParameterException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `jvirtiod fuse` option handling: every mistake is one clear line and exit status 2, before anything mounts. */
class FuseCommandTest {
    @TempDir
    Path tmp;

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "fuse";
        System.arraycopy(args, 0, all, 1, args.length);
        int status = Main.run(all, new PrintStream(out), new PrintStream(err));
        return new String[] {String.valueOf(status), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8)};
    }

    private static void usageError(String expected, String... args) {
        String[] r = run(args);
        assertEquals("2", r[0], "exit status of " + String.join(" ", args));
        assertTrue(r[2].startsWith("jvirtiod fuse: ") && r[2].contains(expected), r[2]);
        assertEquals(1, r[2].strip().lines().count(), "one line: " + r[2]);
    }

    @Test
    void badFlagsAndValuesAreOneLineWithStatusTwo() {
        usageError("Unknown option: '--bogus' (try 'jvirtiod fuse --help')", "--bogus");
        usageError("option '--cache': 'sometimes' is not a cache mode", "--shared-dir", "/tmp", "--mount", "/mnt",
                "--cache", "sometimes");
        usageError("option '--threads': 'many' is not a number", "--shared-dir", "/tmp", "--mount", "/mnt",
                "--threads", "many");
        usageError("option '--inode-limit': '0' is not in 1..2147483647", "--shared-dir", "/tmp", "--mount", "/mnt",
                "--inode-limit", "0");
        usageError("option '--threads': '0' is not in 1..64", "--shared-dir", "/tmp", "--mount", "/mnt",
                "--threads", "0");
        usageError("--mount MNT is required", "--shared-dir", "/tmp");
        usageError("--shared-dir DIR is required", "--mount", "/mnt");
        usageError("Missing required parameter for option '--mount'", "--shared-dir", "/tmp", "--mount");
        usageError("--writeback needs a cache mode that caches data", "--shared-dir", "/tmp", "--mount", "/mnt",
                "--cache", "never", "--writeback");
        usageError("--passthrough and --writeback exclude each other", "--shared-dir", "/tmp", "--mount", "/mnt",
                "--passthrough", "--writeback");
        usageError("--demo makes its own", "--demo", "--mount", "/mnt");
        usageError("--io-uring and --posix-locks exclude each other", "--shared-dir", "/tmp", "--mount", "/mnt",
                "--io-uring", "--posix-locks");
        usageError("--io-uring and --seccomp kill exclude each other: the kernel runs io_uring requests without",
                "--shared-dir", "/tmp", "--mount", "/mnt", "--io-uring", "--seccomp", "kill");
        usageError("option '--seccomp': 'strict' is not a seccomp mode", "--shared-dir", "/tmp", "--mount", "/mnt",
                "--seccomp", "strict");
        usageError("option '--rlimit-nofile': 'many' is not a number", "--shared-dir", "/tmp", "--mount", "/mnt",
                "--rlimit-nofile", "many");
        usageError("option '--rlimit-nofile': '-1' is not in 0..2147483647", "--shared-dir", "/tmp", "--mount",
                "/mnt", "--rlimit-nofile=-1");
        usageError("option '--rlimit-nofile': '3000000000' is not in 0..2147483647", "--shared-dir", "/tmp",
                "--mount", "/mnt", "--rlimit-nofile=3000000000");
        usageError("option '--poll-max-ns': '32us' is not a number", "--shared-dir", "/tmp", "--mount", "/mnt",
                "--poll-max-ns", "32us");
        usageError("option '--poll-max-ns': '1000001' is not in 0..1000000", "--shared-dir", "/tmp", "--mount",
                "/mnt", "--poll-max-ns=1000001");
        usageError("option '--poll-max-ns': '-1' is not in 0..1000000", "--shared-dir", "/tmp", "--mount", "/mnt",
                "--poll-max-ns=-1");
        usageError("option '--xattrmap': xattrmap rule 2 (at character 12): a map rule must be the last rule",
                "--shared-dir", "/tmp", "--mount", "/mnt", "--xattrmap", ":ok:all::: :map::user.v.: :ok:all:::");
        usageError("--no-xattr and --xattrmap exclude each other", "--shared-dir", "/tmp", "--mount", "/mnt",
                "--no-xattr", "--xattrmap=:ok:all:::");
    }

    @Test
    void anOpenFileLimitTheKernelRefusesIsAUsageErrorBeforeMounting() throws Exception {
        long nrOpen = FdLimit.sysctl("nr_open");
        Require.that(nrOpen < Integer.MAX_VALUE, "fs.nr_open is at its maximum, so no limit is above it");
        Path share = Files.createDirectory(tmp.resolve("share"));
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        usageError("--rlimit-nofile " + (nrOpen + 1) + ": above the most the kernel allows one process "
                + "(/proc/sys/fs/nr_open: " + nrOpen + ")", "--shared-dir", share.toString(), "--mount", mnt.toString(),
                "--rlimit-nofile", String.valueOf(nrOpen + 1));
        assertFalse(io.jvirtiod.fs.fuse.FuseServer.isMounted(mnt));
    }

    @Test
    void missingDirectoriesNestingAndBusyMountPointsAreRefusedBeforeMounting() throws Exception {
        Path share = Files.createDirectory(tmp.resolve("share"));
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        usageError("does not exist", "--shared-dir", tmp.resolve("nope").toString(), "--mount", mnt.toString());
        usageError("mount point " + tmp.resolve("nope") + " does not exist", "--shared-dir", share.toString(),
                "--mount", tmp.resolve("nope").toString());
        Files.writeString(tmp.resolve("file"), "");
        usageError("is not a directory", "--shared-dir", tmp.resolve("file").toString(), "--mount", mnt.toString());
        Path inside = Files.createDirectory(share.resolve("inside"));
        usageError("must not contain each other", "--shared-dir", share.toString(), "--mount", inside.toString());
        usageError("is busy", "--shared-dir", share.toString(), "--mount", "/proc");
    }

    @Test
    void optionsParseIncludingEqualsForms() throws Exception {
        FuseCommand.Options o = FuseCommand.parse("--shared-dir=" + tmp, "--mount", "/mnt", "--cache=always",
                "--threads", "8", "--passthrough", "--no-xattr");
        assertEquals(tmp.toAbsolutePath(), o.shared());
        assertEquals(CacheMode.ALWAYS, o.config().cache());
        assertEquals(8, o.threads());
        assertTrue(o.config().passthrough() && !o.config().writeback());
        assertFalse(o.config().xattr());
        assertFalse(o.ioUring());
        assertTrue(o.rlimitNofile().isEmpty(), "no --rlimit-nofile: the default raise");
        assertEquals(5000, FuseCommand.parse("--shared-dir", "/tmp", "--mount", "/mnt", "--rlimit-nofile=5000")
                .rlimitNofile().getAsInt());
        assertTrue(FuseCommand.parse("--shared-dir", "/tmp", "--mount", "/mnt", "--io-uring").ioUring());
        assertTrue(FuseCommand.parse("--shared-dir", "/tmp", "--mount", "/mnt").config().killprivV2());
        assertFalse(FuseCommand.parse("--shared-dir", "/tmp", "--mount", "/mnt", "--no-killpriv-v2").config()
                .killprivV2());
        assertEquals(PassthroughConfig.UNLIMITED_INODES, o.config().inodeLimit());
        assertEquals(1000, FuseCommand.parse("--shared-dir", "/tmp", "--mount", "/mnt", "--inode-limit=1000").config()
                .inodeLimit());
        assertEquals(XattrMap.DEFAULT, o.config().xattrMap(), "trusted.* and security.* refused unless mapped");
        assertEquals("/map/trusted./user.virtiofs./", FuseCommand.parse("--shared-dir", "/tmp", "--mount", "/mnt",
                "--xattrmap", "/map/trusted./user.virtiofs./").config().xattrMap().toString());
        assertEquals(FuseMountOptions.DEFAULT_POLL_NS, o.pollMaxNs(), "QEMU's iothread default unless told");
        assertEquals(SeccompMode.NONE, o.seccomp(), "opt-in: the user of a host mount is on the host");
        assertEquals(SeccompMode.KILL, FuseCommand.parse("--shared-dir", "/tmp", "--mount", "/mnt", "--seccomp",
                "kill").seccomp());
        assertEquals(0, FuseCommand.parse("--shared-dir", "/tmp", "--mount", "/mnt", "--poll-max-ns", "0").pollMaxNs());
        FuseCommand.Options demo = FuseCommand.parse();
        assertTrue(demo.demo(), "no arguments means the demo");
        Path demoRoot = demo.shared().getParent();
        Path secondRoot = FuseCommand.parse().shared().getParent();
        try {
            assertEquals(demoRoot.resolve("mnt"), demo.mount());
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(demoRoot, java.nio.file.LinkOption.NOFOLLOW_LINKS)),
                    "the demo's directory is private: nobody else can plant a symlink in it");
            assertNotEquals(demoRoot, secondRoot, "every demo gets a new directory");
        } finally {
            Demo.remove(demoRoot);
            Demo.remove(secondRoot);
        }
        assertFalse(Files.exists(demoRoot));
        assertThrows(ParameterException.class, () -> FuseCommand.parse("--cache"));
    }

    @Test
    void theSandboxIsOptInChrootIsRefusedAndNamespaceExcludesWhatItCannotServeSayingWhy() {
        usageError(io.jvirtiod.kata.VirtiofsdOptions.Sandbox.CHROOT_REFUSED, "--shared-dir", tmp.toString(),
                "--mount", "/mnt", "--sandbox=chroot");
        usageError("--passthrough and --sandbox namespace exclude each other: registering a backing file",
                "--shared-dir", tmp.toString(), "--mount", "/mnt", "--sandbox", "namespace", "--passthrough");
        usageError("--io-uring and --sandbox namespace exclude each other", "--shared-dir", tmp.toString(),
                "--mount", "/mnt", "--sandbox", "namespace", "--io-uring");
        usageError("--demo and --sandbox namespace exclude each other", "--demo", "--sandbox", "namespace");
        assertEquals(io.jvirtiod.kata.VirtiofsdOptions.Sandbox.NAMESPACE,
                FuseCommand.parse("--shared-dir", tmp.toString(), "--mount", "/mnt", "--sandbox", "namespace")
                        .sandbox());
        assertEquals(io.jvirtiod.kata.VirtiofsdOptions.Sandbox.NONE,
                FuseCommand.parse("--shared-dir", tmp.toString(), "--mount", "/mnt").sandbox());
    }

    @Test
    void theNamespacePlanHoldsTheShareAndDevFuseAndKeepsVirtiofsdsCapabilities() {
        SandboxPlan plan = FuseCommand.sandboxPlan(FuseCommand.parse("--shared-dir", tmp.toString(), "--mount",
                "/mnt", "--sandbox", "namespace"));
        assertEquals(Map.of(tmp.toAbsolutePath().normalize(), SandboxPlan.Kind.SHARED, Path.of("/dev/fuse"),
                SandboxPlan.Kind.DEV), plan.binds());
        assertEquals(KeptCapabilities.VIRTIOFSD, plan.kept());
    }

    @Test
    void namespaceOutsideTheLauncherIsRefusedBeforeAnythingIsMounted() throws IOException {
        Path mnt = Files.createDirectory(tmp.resolve("mnt-not-launched"));
        Path share = Files.createDirectory(tmp.resolve("share-not-launched"));
        usageError(io.jvirtiod.sandbox.NamespaceSandbox.NOT_LAUNCHED, "--shared-dir", share.toString(),
                "--mount", mnt.toString(), "--sandbox", "namespace");
        assertFalse(FuseServer.isMounted(mnt));
    }

    @Test
    void helpPrintsTheUsage() {
        String[] r = run("--help");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("--shared-dir=DIR") && r[1].contains("--demo") && r[1].contains("(default 4)"), r[1]);
    }
}
