package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.FcntlH;
import io.jvirtiod.binding.sys.LockH;
import io.jvirtiod.fs.protocol.LockIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A SETLKW waiting for a held lock ends when the transport stops its worker (the thread is interrupted). */
class LockWaitTest {
    @TempDir
    Path share;
    PassthroughFs fs;
    Guest g;

    @AfterEach
    void tearDown() {
        if (g != null) g.close();
        if (fs != null) fs.close();
    }

    @Test
    void aLockWaitEndsWithEINTRWhenItsWorkerIsInterrupted() throws Exception {
        fs = new PassthroughFs(PassthroughConfig.of(share).withPosixLocks(true));
        g = new Guest(fs);
        long fh = g.create(1, "locked", FcntlH.O_RDWR, 0644);
        long fh2 = g.openFile(g.nodeid(), FcntlH.O_RDWR);
        assertEquals(0, g.fs.setlk(g.ctx, 0, g.lock(fh, 1, 0, 99, LockH.F_WRLCK, false), false));
        LockIn wanted = g.lock(fh2, 2, 0, 99, LockH.F_WRLCK, false);
        AtomicInteger result = new AtomicInteger(1);
        Thread worker = Thread.ofPlatform().daemon().start(() -> result.set(g.fs.setlk(g.ctx, 0, wanted, true)));
        for (int i = 0; i < 500 && worker.getState() != Thread.State.TIMED_WAITING; i++) Thread.sleep(10);
        Thread.sleep(50);
        assertEquals(1, result.get(), "still waiting for the lock");
        worker.interrupt(); // as VringWorker.stop and QueueWorker.stop do
        worker.join(5000);
        assertFalse(worker.isAlive(), "the wait ended");
        assertEquals(-Errno.EINTR, result.get());
    }
}
