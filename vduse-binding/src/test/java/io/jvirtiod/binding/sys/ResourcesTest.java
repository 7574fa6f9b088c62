package io.jvirtiod.binding.sys;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ResourcesTest {

    /** "Max open files  SOFT  HARD  files" of /proc/self/limits, as the kernel reports it. */
    private static long[] procLimits() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                return new long[] {parse(f[0]), parse(f[1])};
            }
        }
        throw new AssertionError("no 'Max open files' line in /proc/self/limits");
    }

    private static long parse(String v) {
        return v.equals("unlimited") ? ResourceH.RLIM_INFINITY : Long.parseLong(v);
    }

    @Test
    void getReadsTheLimitsTheKernelReports() throws Exception {
        Resources.Limit l = Resources.get(ResourceH.RLIMIT_NOFILE);
        long[] proc = procLimits();
        assertEquals(proc[0], l.soft());
        assertEquals(proc[1], l.hard());
    }

    @Test
    void setChangesTheSoftLimitAndGetSeesIt() throws Exception {
        Resources.Limit before = Resources.get(ResourceH.RLIMIT_NOFILE);
        long lower = Math.max(64, before.soft() - 1);
        try {
            assertEquals(0, Resources.setRaw(ResourceH.RLIMIT_NOFILE, lower, before.hard()));
            assertEquals(lower, Resources.get(ResourceH.RLIMIT_NOFILE).soft());
            assertEquals(lower, procLimits()[0]);
        } finally {
            assertEquals(0, Resources.setRaw(ResourceH.RLIMIT_NOFILE, before.soft(), before.hard()));
        }
        assertEquals(before, Resources.get(ResourceH.RLIMIT_NOFILE));
    }

    @Test
    void aSoftLimitAboveTheHardOneIsRefusedWithEinval() {
        Resources.Limit before = Resources.get(ResourceH.RLIMIT_NOFILE);
        if (before.hard() == ResourceH.RLIM_INFINITY) return; // nothing is above "unlimited"
        assertEquals(-Errno.EINVAL, Resources.setRaw(ResourceH.RLIMIT_NOFILE, before.hard() + 1, before.hard()));
        assertEquals(before, Resources.get(ResourceH.RLIMIT_NOFILE));
    }
}
