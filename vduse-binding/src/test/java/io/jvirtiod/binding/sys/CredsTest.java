package io.jvirtiod.binding.sys;

import io.jvirtiod.testsupport.Require;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CredsTest {

    @Test
    void setfsuidChangesOnlyTheCallingThreadAndOwnsCreatedFiles() throws Exception {
        Require.root();
        try (TempDir d = new TempDir(); Arena a = Arena.ofConfined()) {
            // A non-zero fsuid drops CAP_DAC_OVERRIDE, so the directory must be writable by anyone.
            java.nio.file.Files.setPosixFilePermissions(d.path,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            AtomicInteger seenByOther = new AtomicInteger(-2);
            // The other thread exists before the switch (a new thread inherits its creator's credentials).
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                seenByOther.set(Creds.setfsuid(-1));
            });
            t.start();
            int before = Creds.setfsuid(1001);
            int beforeGid = Creds.setfsgid(2002);
            try {
                assertEquals(0, before);
                assertEquals(1001, Creds.setfsuid(-1));
                go.countDown();
                t.join();
                int fd = d.open("mine", FcntlH.O_WRONLY | FcntlH.O_CREAT);
                FileIo.close(fd);
            } finally {
                Creds.setfsuid(before);
                Creds.setfsgid(beforeGid);
            }
            assertEquals(0, seenByOther.get(), "another thread's fsuid must be untouched");
            assertEquals(0, Creds.setfsuid(-1));
            MemorySegment st = a.allocate(Stat.LAYOUT);
            FileStat.fstatat(d.fd, "mine", st, 0);
            assertEquals(1001, Stat.uid(st));
            assertEquals(2002, Stat.gid(st));
        }
    }

    @Test
    void setresuidOnOneThreadLeavesTheOthersRoot() throws Exception {
        Require.root();
        AtomicInteger result = new AtomicInteger(-1);
        AtomicInteger euidThere = new AtomicInteger(-1);
        Thread t = new Thread(() -> {
            result.set(Creds.setresuidRaw(-1, 1001, -1));
            euidThere.set(Creds.geteuid());
            Creds.setresuidRaw(-1, 0, -1);
        });
        t.start();
        t.join();
        assertEquals(0, result.get());
        assertEquals(1001, euidThere.get());
        assertEquals(0, Creds.geteuid());
    }

    @Test
    void umaskReturnsThePreviousMask() {
        int old = Creds.umask(027);
        try {
            assertEquals(027, Creds.umask(027));
        } finally {
            Creds.umask(old);
        }
    }
}
