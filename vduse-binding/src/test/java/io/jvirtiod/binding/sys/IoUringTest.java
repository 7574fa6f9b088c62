package io.jvirtiod.binding.sys;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The io_uring binding against the running kernel: mappings, SQ/CQ indices and the 128-byte SQE layout. */
class IoUringTest {

    @Test
    void nopsComeBackWithTheirUserDataAndResultZero() {
        try (IoUring ring = IoUring.setup(4, 8)) {
            assertEquals(4, ring.entries());
            for (long ud = 1; ud <= 3; ud++) IoUring.prepNop(ring.nextSqe(), ud);
            assertEquals(3, ring.submitAndWait(3));
            assertEquals(3, ring.ready());
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                seen.add(ring.cqeUserData(i));
                assertEquals(0, ring.cqeRes(i));
            }
            assertEquals(Set.of(1L, 2L, 3L), seen);
            ring.advance(3);
            assertEquals(0, ring.ready());
        }
    }

    @Test
    void theRingWrapsAroundItsSlotsManyTimes() {
        try (IoUring ring = IoUring.setup(2, 4)) {
            for (long ud = 0; ud < 1000; ud++) {
                IoUring.prepNop(ring.nextSqe(), ud);
                assertEquals(1, ring.submitAndWait(1));
                assertEquals(1, ring.ready());
                assertEquals(ud, ring.cqeUserData(0));
                ring.advance(1);
            }
        }
    }

    @Test
    void aFullSubmissionQueueGivesNoMoreSqes() {
        try (IoUring ring = IoUring.setup(2, 4)) {
            assertNotNull(ring.nextSqe());
            assertNotNull(ring.nextSqe());
            assertNull(ring.nextSqe(), "two slots, both waiting for submission");
        }
    }

    @Test
    void aUringCommandToAFileWithoutOneFails() {
        // an eventfd has no uring_cmd: the kernel answers the command with an error completion, not a crash
        int efd = EventFd.create(0, 0);
        try (IoUring ring = IoUring.setup(2, 4)) {
            MemorySegment sqe = ring.nextSqe();
            IoUring.prepUringCmd(sqe, efd, 1, 0, 0, 42);
            assertEquals(1, ring.submitAndWait(1));
            assertEquals(42, ring.cqeUserData(0));
            assertEquals(-Errno.EOPNOTSUPP, ring.cqeRes(0));
            ring.advance(1);
        } finally {
            FileIo.closeRaw(efd);
        }
    }

    @Test
    void setupRejectsASizeTheKernelRefusesNamingIt() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> IoUring.setup(0, 8));
        assertEquals(Errno.EINVAL, e.errno());
    }
}
