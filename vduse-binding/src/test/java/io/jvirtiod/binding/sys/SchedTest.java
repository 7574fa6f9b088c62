package io.jvirtiod.binding.sys;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedTest {

    @Test
    void cpuListsCountUpToTheirHighestCpu() {
        assertEquals(1, Sched.parseCpuList("0"));
        assertEquals(4, Sched.parseCpuList("0-3"));
        assertEquals(12, Sched.parseCpuList("0-3,8-11"));
        assertEquals(6, Sched.parseCpuList("0,2,5"));
    }

    @Test
    void aMalformedCpuListIsRejectedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sched.parseCpuList("0-x"));
        assertTrue(e.getMessage().contains("0-x"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sched.parseCpuList(""));
    }

    @Test
    void possibleCpusCoverTheOnlineOnes() throws Exception {
        assertTrue(Sched.possibleCpus() >= Runtime.getRuntime().availableProcessors());
        if (Files.exists(Path.of("/sys/devices/system/cpu/possible"))) {
            assertEquals(Sched.parseCpuList(Files.readString(Path.of("/sys/devices/system/cpu/possible")).trim()),
                    Sched.possibleCpus());
        }
    }

    @Test
    void aThreadCanBePinnedToACpuItMayRunOnAndNotToOneThatDoesNotExist() throws Exception {
        Thread t = new Thread(() -> {
            assertEquals(0, Sched.pinCurrentThread(0));
            assertEquals(-Errno.EINVAL, Sched.pinCurrentThread(1023));
        });
        Throwable[] failure = new Throwable[1];
        t.setUncaughtExceptionHandler((th, ex) -> failure[0] = ex);
        t.start();
        t.join();
        if (failure[0] != null) throw new AssertionError(failure[0]);
    }
}
