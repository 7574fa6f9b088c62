package io.jvirtiod.vhostuser;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseInHeader;
import io.jvirtiod.binding.fuse.FuseOutHeader;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.EventFd;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.MemFd;
import io.jvirtiod.mock.SplitDriver;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.jvirtiod.binding.vhost.VhostUserH.VHOST_USER_GET_FEATURES;
import static io.jvirtiod.binding.vhost.VhostUserH.VHOST_USER_GET_VRING_BASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A front-end that shrinks the file under guest memory after the table was accepted: a request whose buffer now
 * lies past the end of the file faults in the queue's worker (SIGBUS, an InternalError). That request is
 * completed empty; the worker, the queue and the connection go on.
 */
class FaultingGuestMemoryTest extends WithVhostUserFs {
    /** The file is cut here: region 1's first MiB (rings and ordinary buffers) stays, the rest faults. */
    private static final long KEPT = VhostUserFsFixture.REGION_SIZE + (1 << 20);

    @Test
    void aRequestInMemoryThatFaultsIsCompletedEmptyAndTheQueueServesTheNext() throws Exception {
        try (FakeFrontEnd fe = fx.connect()) {
            VhostUserFsFixture.negotiate(fe);
            assertEquals(0, fx.setMemTable(fe));
            SplitDriver ring = fx.driver(0);
            int[] fds = fx.startRing(fe, 1, ring);
            MemFd.ftruncate(fx.memfd, KEPT);

            // A chain whose readable buffer is at region 1 offset 3 MiB: a valid guest address, past the file.
            long gone = 3 << 20;
            long out = ring.allocate(FuseOutHeader.SIZE);
            int head = ring.submit(new long[] {gone, out}, new int[] {(int) FuseInHeader.SIZE, (int) FuseOutHeader.SIZE},
                    1);
            EventFd.signal(fds[0]);
            int[] used = ring.awaitUsed(Duration.ofSeconds(10));
            assertEquals(head, used[0]);
            assertEquals(0, used[1], "completed with nothing written");

            // The same worker serves the next request (before INIT: answered EIO, as any FUSE server does).
            FuseOverRing fuse = new FuseOverRing(ring, fds[0]);
            assertEquals(-Errno.EIO, fuse.call(FuseH.FUSE_GETATTR, 1, new byte[][] {new byte[16]}, new int[] {104}));
            assertTrue(fx.server.connections() == 1 && fe.getU64(VHOST_USER_GET_FEATURES) != 0,
                    "the connection is still served");
            VhostUserFsFixture.state(fe, VHOST_USER_GET_VRING_BASE, 1, 0);
            fe.receive(VHOST_USER_GET_VRING_BASE);
            FileIo.closeRaw(fds[0]);
            FileIo.closeRaw(fds[1]);
        }
    }
}
