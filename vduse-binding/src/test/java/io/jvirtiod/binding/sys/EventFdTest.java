package io.jvirtiod.binding.sys;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventFdTest {

    private int fd = -1;

    @AfterEach
    void close() {
        if (fd >= 0) FileIo.close(fd);
    }

    @Test
    void signalsAddUpAndOneDrainTakesThemAll() {
        fd = EventFd.create(0, EventFdH.EFD_CLOEXEC | EventFdH.EFD_NONBLOCK);
        EventFd.signal(fd);
        EventFd.signal(fd);
        assertEquals(0, EventFd.addRaw(fd, 5));
        assertEquals(7, EventFd.drain(fd));
        assertEquals(-Errno.EAGAIN, EventFd.drainRaw(fd), "a drained non-blocking counter reads EAGAIN");
    }

    @Test
    void aSemaphoreCounterDrainsOneAtATime() {
        fd = EventFd.create(2, EventFdH.EFD_CLOEXEC | EventFdH.EFD_NONBLOCK | EventFdH.EFD_SEMAPHORE);
        assertEquals(1, EventFd.drain(fd));
        assertEquals(1, EventFd.drain(fd));
        assertEquals(-Errno.EAGAIN, EventFd.drainRaw(fd));
    }

    @Test
    void aCounterThatWouldOverflowRefusesTheSignal() {
        fd = EventFd.create(0, EventFdH.EFD_CLOEXEC | EventFdH.EFD_NONBLOCK);
        assertEquals(0, EventFd.addRaw(fd, 0xfffffffffffffffeL));
        assertEquals(-Errno.EAGAIN, EventFd.signalRaw(fd));
        assertEquals(Long.MAX_VALUE, EventFd.drain(fd), "a counter past 2^63 cannot pass for an errno");
    }

    @Test
    void signallingAClosedFdNamesTheErrno() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> EventFd.signal(-1));
        assertEquals(Errno.EBADF, e.errno());
    }
}
