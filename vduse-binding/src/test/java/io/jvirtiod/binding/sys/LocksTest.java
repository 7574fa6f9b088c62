package io.jvirtiod.binding.sys;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LocksTest {

    @Test
    void ofdLocksConflictBetweenOpenFilesOfOneProcess() throws Exception {
        try (TempDir d = new TempDir(); Arena a = Arena.ofConfined()) {
            Files.write(d.resolve("f"), new byte[100]);
            int one = d.open("f", FcntlH.O_RDWR);
            int two = d.open("f", FcntlH.O_RDWR);
            try {
                MemorySegment fl = a.allocate(Flock.LAYOUT);
                Flock.set(fl, LockH.F_WRLCK, SeekH.SEEK_SET, 10, 20);
                assertEquals(0, Locks.ofdLockRaw(one, LockH.F_OFD_SETLK, fl));
                Flock.set(fl, LockH.F_RDLCK, SeekH.SEEK_SET, 15, 1);
                assertEquals(-Errno.EAGAIN, Locks.ofdLockRaw(two, LockH.F_OFD_SETLK, fl));
                Flock.set(fl, LockH.F_RDLCK, SeekH.SEEK_SET, 0, 0);
                assertEquals(0, Locks.ofdLockRaw(two, LockH.F_OFD_GETLK, fl));
                assertEquals(LockH.F_WRLCK, Flock.type(fl));
                assertEquals(10, Flock.start(fl));
                assertEquals(20, Flock.len(fl));
                assertEquals(-1, Flock.pid(fl), "OFD lock holders report pid -1");
                Flock.set(fl, LockH.F_UNLCK, SeekH.SEEK_SET, 0, 0);
                assertEquals(0, Locks.ofdLockRaw(one, LockH.F_OFD_SETLK, fl));
                Flock.set(fl, LockH.F_RDLCK, SeekH.SEEK_SET, 15, 1);
                assertEquals(0, Locks.ofdLockRaw(two, LockH.F_OFD_SETLK, fl));
            } finally {
                FileIo.close(one);
                FileIo.close(two);
            }
        }
    }

    @Test
    void flockExcludesASecondOpenFileUntilUnlocked() throws Exception {
        try (TempDir d = new TempDir()) {
            Files.write(d.resolve("f"), new byte[1]);
            int one = d.open("f", FcntlH.O_RDONLY);
            int two = d.open("f", FcntlH.O_RDONLY);
            try {
                assertEquals(0, Locks.flockRaw(one, LockH.LOCK_EX));
                assertEquals(-Errno.EAGAIN, Locks.flockRaw(two, LockH.LOCK_SH | LockH.LOCK_NB));
                assertEquals(0, Locks.flockRaw(one, LockH.LOCK_UN));
                assertEquals(0, Locks.flockRaw(two, LockH.LOCK_SH | LockH.LOCK_NB));
            } finally {
                FileIo.close(one);
                FileIo.close(two);
            }
        }
    }
}
