package io.jvirtiod.sandbox;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SandboxCheckTest {
    static final String CONFINED_STATUS = """
            Name:\tjava
            NoNewPrivs:\t1
            CapInh:\t0000000000000000
            CapPrm:\t00000000880000df
            CapEff:\t00000000880000df
            CapBnd:\t00000000880000df
            CapAmb:\t0000000000000000
            """;
    static final String TMPFS_ROOT = """
            1012 1001 0:45 / / rw,nosuid,nodev,relatime - tmpfs jvirtiod-root rw,mode=755
            1013 1012 254:0 /usr /usr ro,nosuid,nodev,relatime master:1 - ext4 /dev/vda rw
            """;
    static final String LOOPBACK_ONLY = """
            Inter-|   Receive                            |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls
                lo:       0       0    0    0    0     0          0         0        0       0    0    0    0     0
            """;

    @Test
    void aConfinedProcessPasses() {
        assertEquals(List.of(), SandboxCheck.problems(CONFINED_STATUS, TMPFS_ROOT, LOOPBACK_ONLY, 1, 0x880000dfL));
    }

    @Test
    void everyMissingConfinementIsNamed() {
        String status = CONFINED_STATUS.replace("NoNewPrivs:\t1", "NoNewPrivs:\t0")
                .replace("CapBnd:\t00000000880000df", "CapBnd:\t000001ffffffffff");
        String hostRoot = "25 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n";
        String hostNet = LOOPBACK_ONLY + "  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n";
        List<String> p = SandboxCheck.problems(status, hostRoot, hostNet, 4242, 0x880000dfL);
        assertEquals(List.of("NoNewPrivs is 0", "CapBnd is 000001ffffffffff, not 00000000880000df",
                "pid 4242 is not 1 of a new pid namespace", "the root is ext4, not the sandbox's tmpfs",
                "network devices [lo, eth0] (a new namespace has lo only)"), p);
    }

    @Test
    void theRootIsTheLastMountOnSlash() {
        assertEquals("tmpfs", SandboxCheck.rootFsType("25 1 254:0 / / rw - ext4 /dev/vda rw\n" + TMPFS_ROOT));
    }

    @Test
    void thisTestJvmIsNotConfinedAndSaysSo() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SandboxCheck.verify(KeptCapabilities.VIRTIOFSD));
        assertTrue(e.getMessage().startsWith("JVIRTIOD_SANDBOX=namespace is set but this process is not confined: "),
                e.getMessage());
    }
}
