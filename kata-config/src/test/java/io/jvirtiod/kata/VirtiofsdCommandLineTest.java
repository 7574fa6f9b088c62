package io.jvirtiod.kata;

import io.jvirtiod.fs.passthrough.CacheMode;
import io.jvirtiod.sandbox.SeccompMode;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VirtiofsdCommandLineTest {

    private static VirtiofsdOptions parse(String... args) throws Exception {
        return VirtiofsdCommandLine.parse(List.of(args));
    }

    private static String rejection(String... args) {
        return assertThrows(ParameterException.class, () -> parse(args)).getMessage();
    }

    @Test
    void theExactCommandLineKataRunsIsAccepted() throws Exception {
        VirtiofsdOptions o = parse("--syslog", "--cache=auto",
                "--shared-dir=/run/kata-containers/shared/sandboxes/x/shared",
                "--fd=3", "--inode-file-handles=prefer", "--thread-pool-size=1", "--announce-submounts");
        assertTrue(o.syslog());
        assertEquals(CacheMode.AUTO, o.cache());
        assertEquals(Path.of("/run/kata-containers/shared/sandboxes/x/shared"), o.sharedDir().orElseThrow());
        assertEquals(3, o.listenFd().getAsInt());
        assertTrue(o.socketPath().isEmpty());
        assertEquals(VirtiofsdOptions.InodeFileHandles.PREFER, o.inodeFileHandles());
        assertEquals(1, o.threadPoolSize());
        assertTrue(o.announceSubmounts());
    }

    @Test
    void theCVirtiofsdLegacyOptionFormsAreAccepted() throws Exception {
        VirtiofsdOptions o = parse("--socket-path", "/tmp/vfs.sock", "-o", "source=/srv,cache=none,xattr",
                "-o", "announce_submounts", "-ono_posix_lock,flock,writeback,no_readdirplus,log_level=debug", "-f");
        assertEquals(Path.of("/tmp/vfs.sock"), o.socketPath().orElseThrow());
        assertEquals(Path.of("/srv"), o.sharedDir().orElseThrow());
        assertEquals(CacheMode.NEVER, o.cache());
        assertTrue(o.xattr() && o.announceSubmounts() && o.flock() && o.writeback());
        assertFalse(o.posixLocks());
        assertFalse(o.readdirplus());
        assertEquals(VirtiofsdOptions.LogLevel.DEBUG, o.logLevel());
    }

    @Test
    void legacyAndLongFormsApplyInOrderTheLastWinning() throws Exception {
        assertEquals(CacheMode.ALWAYS, parse("--fd=3", "--shared-dir=/d", "--cache=never", "-o", "cache=always")
                .cache());
        assertEquals(CacheMode.NEVER, parse("--fd=3", "-o", "source=/d,cache=always", "--cache=none").cache());
        assertEquals(VirtiofsdOptions.LogLevel.ERROR, parse("--fd=3", "--shared-dir=/d", "-o", "log_level=err")
                .logLevel());
        assertFalse(parse("--fd=3", "--shared-dir=/d", "--killpriv-v2", "--no-killpriv-v2").killprivV2());
    }

    @Test
    void defaultsMatchVirtiofsd() throws Exception {
        VirtiofsdOptions o = parse("--socket-path=/s", "--shared-dir=/d");
        assertEquals(CacheMode.AUTO, o.cache());
        assertFalse(o.posixLocks(), "the C virtiofsd's no_posix_lock; the Rust one serves no POSIX locks");
        assertFalse(o.flock());
        assertTrue(o.readdirplus());
        assertEquals(0, o.threadPoolSize());
        assertTrue(o.timeoutNanos().isEmpty());
        assertFalse(o.xattr());
        assertEquals(VirtiofsdOptions.Sandbox.NAMESPACE, o.sandbox());
        assertEquals(VirtiofsdOptions.Sandbox.NONE, parse("--fd=3", "-o", "source=/d,sandbox=none").sandbox());
        assertEquals(VirtiofsdOptions.LogLevel.INFO, o.logLevel());
        assertEquals(SeccompMode.KILL, o.seccomp());
    }

    @Test
    void seccompTakesVirtiofsdsModesAndRefusesOthers() throws Exception {
        assertEquals(SeccompMode.LOG, parse("--fd=3", "--shared-dir=/d", "--seccomp=log").seccomp());
        assertEquals(SeccompMode.TRAP, parse("--fd=3", "--shared-dir=/d", "--seccomp", "trap").seccomp());
        assertEquals(SeccompMode.NONE, parse("--fd=3", "--shared-dir=/d", "--seccomp=none").seccomp());
        assertEquals("Invalid value for option '--seccomp': 'allow' is not a seccomp mode (expected kill, log, trap, "
                + "none)", rejection("--fd=3", "--shared-dir=/d", "--seccomp=allow"));
    }

    @Test
    void printCapabilitiesNeedsNoSocketOrDirectory() throws Exception {
        assertTrue(parse("--print-capabilities").printCapabilities());
    }

    @Test
    void anXattrMapIsTakenInEitherFormAndImpliesXattrAsInVirtiofsd() throws Exception {
        VirtiofsdOptions o = parse("--fd=3", "--shared-dir=/d", "--xattrmap=:map::user.virtiofs.:");
        assertEquals(List.of(":prefix:all::user.virtiofs.:", ":bad:all:::", ":bad:all:::"),
                o.xattrMap().orElseThrow().rules());
        assertTrue(o.xattr(), "--xattrmap implies --xattr");
        VirtiofsdOptions legacy = parse("--fd=3", "-o", "source=/d,xattrmap=/map/trusted./user.virtiofs./");
        assertEquals("/map/trusted./user.virtiofs./", legacy.xattrMap().orElseThrow().toString());
        assertTrue(legacy.xattr());
        assertTrue(parse("--fd=3", "--shared-dir=/d").xattrMap().isEmpty());
    }

    @Test
    void everyBadCommandLineIsRejectedWithOneLineNamingTheProblem() {
        assertEquals("unknown option '--frobnicate'", rejection("--fd=3", "--shared-dir=/d", "--frobnicate"));
        assertEquals("unknown option '-o frob'", rejection("--fd=3", "--shared-dir=/d", "-o", "frob"));
        assertEquals("Invalid value for option '--xattrmap': xattrmap rule 1 (at character 1): unknown type 'x' "
                + "(prefix, ok, bad, unsupported or map)", rejection("--fd=3", "--shared-dir=/d", "--xattrmap=:x:"));
        assertEquals("xattrmap rule 1 (at character 1): unknown scope 'every' (client, server or all)",
                rejection("--fd=3", "-o", "source=/d,xattrmap=:ok:every:::"));
        assertEquals("-o xattrmap needs a value", rejection("--fd=3", "-o", "source=/d,xattrmap="));
        assertEquals("option -o modcaps is not supported by jvirtiod",
                rejection("--fd=3", "--shared-dir=/d", "-o", "modcaps=+sys_admin"));
        assertEquals("missing --socket-path or --fd: one of them is required", rejection("--shared-dir=/d"));
        assertEquals("--socket-path and --fd are exclusive: give one",
                rejection("--fd=3", "--socket-path=/s", "--shared-dir=/d"));
        assertEquals("missing --shared-dir (or -o source=DIR)", rejection("--fd=3"));
        assertEquals("Invalid value for option '--cache': 'sometimes' is not a cache mode (expected never, metadata, "
                + "auto or always)", rejection("--fd=3", "--shared-dir=/d", "--cache=sometimes"));
        assertEquals("Invalid value for option '--fd': 'three' is not a number",
                rejection("--fd=three", "--shared-dir=/d"));
        assertEquals("Invalid value for option '--thread-pool-size': '-1' is not in 0..1024",
                rejection("--fd=3", "--shared-dir=/d", "--thread-pool-size=-1"));
        assertTrue(rejection("--fd=3", "--shared-dir=/d", "--announce-submounts=yes").contains("'yes'"));
        assertTrue(rejection("--fd=3", "--shared-dir").contains("'--shared-dir'"));
        assertTrue(rejection("--fd=3", "--shared-dir=/d", "-o").contains("'-o'"));
        assertEquals("Invalid value for option '--sandbox': 'jail' is not a sandbox mode (expected namespace, chroot, "
                + "none)", rejection("--fd=3", "--shared-dir=/d", "--sandbox=jail"));
        assertEquals("'sometimes' is not a cache mode (expected never, metadata, auto or always)",
                rejection("--fd=3", "-o", "source=/d,cache=sometimes"));
        assertEquals(VirtiofsdOptions.Sandbox.CHROOT_REFUSED,
                rejection("--fd=3", "--shared-dir=/d", "--sandbox=chroot"), "as the daemon");
        assertEquals(VirtiofsdOptions.Sandbox.CHROOT_REFUSED, rejection("--fd=3", "-o", "source=/d,sandbox=chroot"));
        assertEquals("-o timeout=-1 is not in 0..9223372036 seconds",
                rejection("--fd=3", "-o", "source=/d,timeout=-1"));
    }
}
