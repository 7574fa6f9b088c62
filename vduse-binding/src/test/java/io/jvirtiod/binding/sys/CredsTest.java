package io.jvirtiod.binding.sys;

import io.jvirtiod.testsupport.Require;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    /** This thread's supplementary groups, as getgroups reports them. */
    private static int[] groups(Arena a) {
        MemorySegment list = a.allocate(java.lang.foreign.ValueLayout.JAVA_INT, 64);
        int n = Creds.getgroupsRaw(64, list);
        if (n < 0) throw new ErrnoException("getgroups", -n);
        return list.asSlice(0, 4L * n).toArray(java.lang.foreign.ValueLayout.JAVA_INT);
    }

    @Test
    void setgroupsRawChangesOnlyTheCallingThreadAndTheGlibcCallChangesEvery() throws Exception {
        Require.root();
        try (Arena a = Arena.ofShared()) {
            MemorySegment one = a.allocateFrom(java.lang.foreign.ValueLayout.JAVA_INT, 4242);
            MemorySegment two = a.allocateFrom(java.lang.foreign.ValueLayout.JAVA_INT, 0, 4243);
            int[][] seenByOther = new int[2][];
            java.util.concurrent.CyclicBarrier step = new java.util.concurrent.CyclicBarrier(2);
            Thread t = new Thread(() -> {
                try {
                    step.await(); // this thread set its groups alone
                    seenByOther[0] = groups(a);
                    step.await();
                    step.await(); // the glibc call set every thread's
                    seenByOther[1] = groups(a);
                    step.await();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            t.start();
            assertEquals(0, Creds.setgroupsAllThreadsRaw(0, MemorySegment.NULL));
            try {
                assertEquals(0, Creds.setgroupsRaw(1, one));
                assertArrayEquals(new int[] {4242}, groups(a));
                step.await();
                step.await();
                assertEquals(0, Creds.setgroupsAllThreadsRaw(2, two));
                step.await();
                step.await();
                t.join();
                assertArrayEquals(new int[0], seenByOther[0], "the raw call changed another thread");
                assertArrayEquals(new int[] {0, 4243}, seenByOther[1], "glibc's call reached the other thread");
                assertEquals(2, Creds.getgroupsRaw(0, MemorySegment.NULL), "size 0 counts");
            } finally {
                assertEquals(0, Creds.setgroupsAllThreadsRaw(0, MemorySegment.NULL));
            }
            assertArrayEquals(new int[0], groups(a));
        }
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
