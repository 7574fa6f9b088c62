package io.jvirtiod.daemon;

import io.jvirtiod.binding.sys.ResourceH;
import io.jvirtiod.binding.sys.Resources;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FdLimitTest {

    @Test
    void theDirectoryFdCacheIsAQuarterOfTheLimitWithinItsBounds() {
        assertEquals(256, FdLimit.dirFdCache(1024));
        assertEquals(5000, FdLimit.dirFdCache(20_000));
        assertEquals(FdLimit.MAX_DIR_FD_CACHE, FdLimit.dirFdCache(1_000_000));
        assertEquals(16, FdLimit.dirFdCache(20));
        assertEquals(FdLimit.MAX_DIR_FD_CACHE, FdLimit.dirFdCache(ResourceH.RLIM_INFINITY));
    }

    @Test
    void sysctlsAreReadWhole() throws Exception {
        // fs.nr_open is at least 1024 (NR_OPEN default 1048576); a prefix read would give one digit
        assertTrue(FdLimit.sysctl("nr_open") >= 1024, "nr_open " + FdLimit.sysctl("nr_open"));
        assertEquals(0, FdLimit.sysctl("no-such-sysctl"));
    }

    @Test
    void zeroKeepsTheInheritedLimit() throws Exception {
        Resources.Limit before = Resources.get(ResourceH.RLIMIT_NOFILE);
        FdLimit.Outcome o = FdLimit.apply(OptionalInt.of(0), null);
        assertEquals(before, o.limit());
        assertEquals(before, Resources.get(ResourceH.RLIMIT_NOFILE));
        assertTrue(o.said().startsWith("open file limit kept"), o.said());
    }

    /** True if this process may raise its hard limits (CAP_SYS_RESOURCE, bit 24 of CapEff). */
    private static boolean capSysResource() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapEff:")) return (Long.parseLong(line.substring(7).trim(), 16) & (1L << 24)) != 0;
        }
        return false;
    }

    @Test
    void theDefaultRaisesTheLimitAsFarAsItMay() throws Exception {
        long target = FdLimit.defaultTarget();
        assertTrue(target > 0 && target <= FdLimit.DEFAULT_TARGET, "target " + target);
        Resources.Limit before = Resources.get(ResourceH.RLIMIT_NOFILE);
        FdLimit.Outcome o = FdLimit.apply(OptionalInt.empty(), null);
        Resources.Limit now = Resources.get(ResourceH.RLIMIT_NOFILE);
        assertEquals(now, o.limit());
        if (capSysResource() || Long.compareUnsigned(before.hard(), target) >= 0) {
            assertTrue(Long.compareUnsigned(now.soft(), target) >= 0, o.said() + ": " + now);
        } else {
            // Without CAP_SYS_RESOURCE (root in a container often lacks it) the hard limit is the ceiling.
            assertEquals(new Resources.Limit(before.hard(), before.hard()), now, o.said());
            assertTrue(o.said().contains(target + " refused: EPERM"), o.said());
        }
        // applied again, there is nothing left to raise
        assertEquals(now, FdLimit.apply(OptionalInt.empty(), null).limit());
    }
}
