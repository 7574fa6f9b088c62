package io.jvirtiod.binding.sys;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EpollTest {

    private final Arena arena = Arena.ofConfined();
    private int epfd = -1;
    private int efd = -1;

    @AfterEach
    void close() {
        if (efd >= 0) FileIo.close(efd);
        if (epfd >= 0) FileIo.close(epfd);
        arena.close();
    }

    @Test
    void anEventfdBecomingReadableIsReportedWithItsToken() {
        epfd = Epoll.create1(EpollH.EPOLL_CLOEXEC);
        efd = EventFd.create(0, EventFdH.EFD_CLOEXEC | EventFdH.EFD_NONBLOCK);
        Epoll.ctl(epfd, EpollH.EPOLL_CTL_ADD, efd, EpollH.EPOLLIN, 0x1234_5678_9abc_def0L);
        MemorySegment events = Epoll.allocateEvents(arena, 4);

        assertEquals(0, Epoll.waitEvents(epfd, events, 4, 0), "nothing is readable before the signal");
        EventFd.signal(efd);
        assertEquals(1, Epoll.waitEvents(epfd, events, 4, 1000));
        assertTrue((EpollEvent.eventsAt(events, 0) & EpollH.EPOLLIN) != 0);
        assertEquals(0x1234_5678_9abc_def0L, EpollEvent.dataAt(events, 0), "the 64-bit token at the packed offset 4");

        EventFd.drain(efd);
        assertEquals(0, Epoll.waitEvents(epfd, events, 4, 0), "a drained eventfd is no longer readable");
    }

    @Test
    void reportsFillTheArrayAtTwelveByteStrides() {
        epfd = Epoll.create1(EpollH.EPOLL_CLOEXEC);
        int[] fds = new int[3];
        try {
            for (int i = 0; i < fds.length; i++) {
                fds[i] = EventFd.create(1, EventFdH.EFD_CLOEXEC);
                Epoll.ctl(epfd, EpollH.EPOLL_CTL_ADD, fds[i], EpollH.EPOLLIN, 100 + i);
            }
            MemorySegment events = Epoll.allocateEvents(arena, 3);
            assertEquals(3, Epoll.waitEvents(epfd, events, 3, 1000));
            long seen = 0;
            for (int i = 0; i < 3; i++) seen |= 1L << (EpollEvent.dataAt(events, i) - 100);
            assertEquals(0b111, seen, "each registration's token came back once");
        } finally {
            for (int fd : fds) if (fd > 0) FileIo.close(fd);
        }
    }

    @Test
    void waitingForMoreEventsThanTheArrayHoldsIsRefused() {
        epfd = Epoll.create1(EpollH.EPOLL_CLOEXEC);
        MemorySegment events = Epoll.allocateEvents(arena, 2);
        assertThrows(IllegalArgumentException.class, () -> Epoll.waitEventsRaw(epfd, events, 3, 0));
    }

    @Test
    void removingAnUnregisteredFdNamesENOENT() {
        epfd = Epoll.create1(EpollH.EPOLL_CLOEXEC);
        efd = EventFd.create(0, EventFdH.EFD_CLOEXEC);
        assertEquals(-Errno.ENOENT, Epoll.ctlRaw(epfd, EpollH.EPOLL_CTL_DEL, efd, 0, 0));
    }
}
