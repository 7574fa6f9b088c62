package io.jvirtiod.tests.vduse;

import io.jvirtiod.testsupport.Require;
import io.jvirtiod.tests.vm.Guest;
import io.jvirtiod.tests.vm.GuestResult;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jvirtiod's VDUSE virtio-blk in a real 6.12 kernel (the QEMU guest of tests/vm): the device end to end, and
 * the SIGKILL drill. The guest scripts do the work and print their findings; these tests check them.
 */
class VduseBlkGuestTest {

    private static GuestResult runInGuest(String script, Duration timeout, Map<String, String> env) throws Exception {
        Guest.require();
        Require.command("fio", "fio");
        Require.command("mkfs.ext4", "e2fsprogs");
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("JVIRTIOD_JAVA_OPTS", GuestDaemon.javaOptions());
        return Guest.run("bash " + Guest.vmDir().resolve(script), timeout, all, List.of());
    }

    @Test
    void aJvirtiodVduseBlkDeviceCarriesAnExt4FileSystemAndFioVerifiesClean() throws Exception {
        GuestResult r = runInGuest("vduse-blk-e2e.sh", Duration.ofMinutes(12), Map.of());
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.output().contains("config: 524288 sectors, 2 queues, serial e2e"), r.describe());
        assertTrue(r.output().contains("ext4: 24 files checksummed across a remount, fio verify clean"), r.describe());
        assertTrue(r.output().contains("VDUSE-BLK E2E OK"), r.describe());
        // its defaults: the e2e daemon's log, printed by the script, says how it was confined
        assertTrue(r.output().contains("--sandbox=namespace: new mount, pid and network namespaces"), r.describe());
        assertTrue(r.output().contains("capabilities kept: dac_override"), r.describe());
        assertTrue(r.output().contains("seccomp kill: "), r.describe());
    }

    @Test
    void twentySigkillsUnderFioVerifyLoseNothing() throws Exception {
        GuestResult r = runInGuest("vduse-blk-drill.sh", Duration.ofMinutes(25), Map.of("DRILL_KILLS", "20"));
        Path report = Require.projectRoot().resolve("tests/target/vduse-blk-drill.txt");
        Files.writeString(report, r.output());
        assertEquals(0, r.exitCode(), r.describe());
        Matcher m = Pattern.compile("DRILL kills=(\\d+) fio_rounds=(\\d+) fio_errors=(\\d+) verify_failures=(\\d+)"
                + " fio_bad_exits=(\\d+) backing_file_verify_errors=(\\d+)").matcher(r.output());
        assertTrue(m.find(), r.describe());
        assertEquals(20, Integer.parseInt(m.group(1)), "kills");
        assertTrue(Integer.parseInt(m.group(2)) >= 1, "fio rounds");
        assertEquals(0, Integer.parseInt(m.group(3)), "fio errors\n" + r.output());
        assertEquals(0, Integer.parseInt(m.group(4)), "verify failures\n" + r.output());
        assertEquals(0, Integer.parseInt(m.group(5)), "fio exits\n" + r.output());
        assertEquals(0, Integer.parseInt(m.group(6)), "backing file verify\n" + r.output());
        assertTrue(r.output().contains("VDUSE-BLK DRILL OK"), r.describe());
    }
}
