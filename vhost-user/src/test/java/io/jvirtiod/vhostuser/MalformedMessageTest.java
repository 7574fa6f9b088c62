package io.jvirtiod.vhostuser;

import io.jvirtiod.binding.sys.EventFd;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.MemFd;
import io.jvirtiod.binding.sys.MemFdH;
import io.jvirtiod.binding.vhost.VhostUserMemory;
import io.jvirtiod.binding.vhost.VhostUserMemoryRegion;
import io.jvirtiod.binding.vhost.VhostUserPayload;
import io.jvirtiod.binding.vhost.VhostUserVringAddr;
import io.jvirtiod.binding.vhost.VhostUserVringState;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.function.Consumer;

import static io.jvirtiod.binding.vhost.VhostUserH.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way a front-end can break the protocol closes its connection with the reason logged, and the daemon
 * goes on accepting: each test sends one bad message, sees the socket closed, checks the reason, then proves a
 * new front-end is served.
 */
class MalformedMessageTest extends WithVhostUserFs {
    private void assertClosed(Consumer<FakeFrontEnd> bad, String reason) throws InterruptedException {
        try (FakeFrontEnd fe = fx.connect()) {
            bad.accept(fe);
            assertTrue(fe.closedByBackEnd(), "the back-end closed the connection");
        }
        for (int i = 0; i < 500 && fx.closeReasons.isEmpty(); i++) Thread.sleep(10);
        assertEquals(1, fx.closeReasons.size(), "one connection ended: " + fx.closeReasons);
        assertTrue(fx.closeReasons.get(0).contains(reason), "reason '" + fx.closeReasons.get(0) + "' names: " + reason);
        try (FakeFrontEnd next = fx.connect()) {
            assertTrue(next.getU64(VHOST_USER_GET_FEATURES) != 0, "a new front-end is served");
        }
        assertEquals(2, fx.server.connections());
    }

    /**
     * As {@link #assertClosed}, failing within 20 s: a back-end that accepts the bad message (or whose server
     * thread died) would leave the test blocked in a read.
     */
    private void assertClosedSoon(Consumer<FakeFrontEnd> bad, String reason) {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertClosed(bad, reason));
    }

    @Test
    void aPayloadShorterThanItsRequestNeedsIsRejected() throws Exception {
        assertClosed(fe -> fe.send(VHOST_USER_SET_FEATURES, 4),
                "SET_FEATURES with a payload of 4 bytes, expected 8");
    }

    @Test
    void aPayloadLongerThanItsRequestTakesIsRejected() throws Exception {
        assertClosed(fe -> fe.send(VHOST_USER_SET_OWNER, 8), "SET_OWNER with a payload of 8 bytes, expected 0");
    }

    @Test
    void aSizeFieldBeyondTheLargestPayloadIsRejectedBeforeReadingIt() throws Exception {
        assertClosed(fe -> fe.sendRaw(VHOST_USER_GET_FEATURES, VHOST_USER_VERSION, 100000, 0),
                "announces a payload of 100000 bytes");
    }

    @Test
    void aNegativeSizeFieldIsRejected() throws Exception {
        assertClosed(fe -> fe.sendRaw(VHOST_USER_GET_FEATURES, VHOST_USER_VERSION, -1, 0),
                "announces a payload of 4294967295 bytes");
    }

    @Test
    void aConnectionThatEndsInsideAPayloadIsClosed() throws Exception {
        assertClosed(fe -> {
                    fe.sendRaw(VHOST_USER_SET_FEATURES, VHOST_USER_VERSION, 8, 3);
                    fe.shutdownWrite();
                },
                "connection closed inside a message's payload (3 of 8 bytes)");
    }

    @Test
    void aWrongVersionIsRejected() throws Exception {
        assertClosed(fe -> fe.sendRaw(VHOST_USER_GET_FEATURES, 2, 0, 0), "version must be 1");
    }

    @Test
    void aMessageWithTheReplyFlagIsRejected() throws Exception {
        assertClosed(fe -> fe.sendRaw(VHOST_USER_GET_FEATURES, VHOST_USER_VERSION | VHOST_USER_REPLY_MASK, 0, 0),
                "has the reply flag set");
    }

    @Test
    void anUnknownRequestIsRejected() throws Exception {
        assertClosed(fe -> fe.send(200, 0), "request 200 is not supported");
    }

    @Test
    void aRequestWhoseFeatureWasNotOfferedIsRejected() throws Exception {
        assertClosed(fe -> fe.setU64(VHOST_USER_SET_LOG_BASE, 0), "SET_LOG_BASE is not supported");
    }

    @Test
    void moreThanEightMemoryRegionsAreRejected() throws Exception {
        assertClosed(fe -> {
            VhostUserMemory.nregions(fe.payload(), 9);
            fe.send(VHOST_USER_SET_MEM_TABLE, VhostUserMessage.MEMORY_HEADER + 8 * 32);
        }, "SET_MEM_TABLE with 9 regions");
    }

    @Test
    void aMemoryTableWithoutItsFdsIsRejected() throws Exception {
        assertClosed(fe -> fe.send(VHOST_USER_SET_MEM_TABLE, fx.memTablePayload(fe), fx.memfd),
                "SET_MEM_TABLE came with 1 file descriptors, expected 2");
    }

    @Test
    void moreFdsThanAnyMessageCarriesAreClosedAndRejected() throws Exception {
        int e = EventFd.create(0, 0);
        try {
            assertClosed(fe -> {
                VhostUserPayload.u64(fe.payload(), 0);
                fe.send(VHOST_USER_SET_VRING_CALL, 8, e, e, e, e, e, e, e, e, e);
            }, "more than 8 file descriptors");
        } finally {
            FileIo.closeRaw(e);
        }
    }

    @Test
    void aKickWithoutItsFdIsRejected() throws Exception {
        assertClosed(fe -> fe.setU64(VHOST_USER_SET_VRING_KICK, 0),
                "SET_VRING_KICK came with 0 file descriptors, expected 1");
    }

    @Test
    void overlappingRegionsAreRejected() throws Exception {
        assertClosed(fe -> {
            int size = fx.memTablePayload(fe);
            VhostUserMemoryRegion.userspace_addr(VhostUserMemory.regions(fe.payload(), 1), VhostUserFsFixture.USER0 + 4096);
            fe.send(VHOST_USER_SET_MEM_TABLE, size, fx.memfd, fx.memfd);
        }, "overlaps another region");
    }

    @Test
    void aRegionBeyondItsFileIsRejected() throws Exception {
        assertClosed(fe -> {
            int size = fx.memTablePayload(fe);
            VhostUserMemoryRegion.memory_size(VhostUserMemory.regions(fe.payload(), 1), Long.MAX_VALUE);
            fe.send(VHOST_USER_SET_MEM_TABLE, size, fx.memfd, fx.memfd);
        }, "size and offset must be positive and fit a file");
    }

    @Test
    void aOneMegabyteMemfdAnnouncedAsSixteenIsRefusedBeforeItIsMapped() throws Exception {
        int small = MemFd.create("small-guest-ram", MemFdH.MFD_CLOEXEC);
        try {
            MemFd.ftruncate(small, 1 << 20);
            assertClosedSoon(fe -> {
                VhostUserFsFixture.negotiate(fe);
                MemorySegment p = fe.payload();
                VhostUserMemory.nregions(p, 1);
                MemorySegment r = VhostUserMemory.regions(p, 0);
                VhostUserMemoryRegion.guest_phys_addr(r, 0);
                VhostUserMemoryRegion.memory_size(r, 16 << 20);
                VhostUserMemoryRegion.userspace_addr(r, VhostUserFsFixture.USER0);
                VhostUserMemoryRegion.mmap_offset(r, 0);
                fe.send(VHOST_USER_SET_MEM_TABLE, VhostUserMessage.MEMORY_HEADER + (int) VhostUserMemoryRegion.SIZE,
                        small);
            }, "SET_MEM_TABLE region 0 (guest 0x0, size 0x1000000, user 0x7f0000000000, mmap_offset 0x0): mmap_offset"
                    + " 0x0 + size 0x1000000 runs past the end of its fd, a file of 0x100000 bytes");
        } finally {
            FileIo.closeRaw(small);
        }
    }

    @Test
    void aRegionWhoseOffsetPushesItPastItsFileIsRefused() throws Exception {
        assertClosedSoon(fe -> {
            int size = fx.memTablePayload(fe);
            VhostUserMemoryRegion.mmap_offset(VhostUserMemory.regions(fe.payload(), 1),
                    VhostUserFsFixture.REGION_SIZE + 4096);
            fe.send(VHOST_USER_SET_MEM_TABLE, size, fx.memfd, fx.memfd);
        }, "SET_MEM_TABLE region 1");
        assertTrue(fx.closeReasons.get(0).contains("runs past the end of its fd, a file of 0x800000 bytes"),
                fx.closeReasons.get(0));
    }

    @Test
    void guestMemoryShrunkAfterTheTableWasAcceptedCostsTheConnectionNotTheDaemon() throws Exception {
        // The front-end owns the memfd and may truncate it once the table is mapped: reading the used ring at
        // SET_VRING_ENABLE then faults (SIGBUS, an InternalError in the connection thread).
        int ram = MemFd.create("shrinking-guest-ram", MemFdH.MFD_CLOEXEC);
        try {
            MemFd.ftruncate(ram, 2 * VhostUserFsFixture.REGION_SIZE);
            assertClosedSoon(fe -> {
                VhostUserFsFixture.negotiate(fe);
                assertEquals(0, fe.sendAcked(VHOST_USER_SET_MEM_TABLE, fx.memTablePayload(fe), ram, ram));
                MemFd.ftruncate(ram, 0);
                int[] fds = fx.startRing(fe, 1, fx.driver(0));
                FileIo.closeRaw(fds[0]);
                FileIo.closeRaw(fds[1]);
            }, "internal error: java.lang.InternalError");
        } finally {
            FileIo.closeRaw(ram);
        }
    }

    @Test
    void aVringIndexBeyondTheDevicesQueuesIsRejected() throws Exception {
        assertClosed(fe -> VhostUserFsFixture.state(fe, VHOST_USER_SET_VRING_NUM, 99, 256), "for vring 99");
    }

    @Test
    void aQueueSizeThatIsNotAPowerOfTwoIsRejected() throws Exception {
        assertClosed(fe -> VhostUserFsFixture.state(fe, VHOST_USER_SET_VRING_NUM, 1, 1000), "a power of 2");
    }

    @Test
    void aRingOutsideTheMemoryTableIsRejected() throws Exception {
        assertClosed(fe -> {
            VhostUserFsFixture.negotiate(fe);
            fx.setMemTable(fe);
            VhostUserVringAddr.index(fe.payload(), 1);
            VhostUserVringAddr.flags(fe.payload(), 0);
            VhostUserVringAddr.desc_user_addr(fe.payload(), 0x1234_0000L);
            VhostUserVringAddr.avail_user_addr(fe.payload(), VhostUserFsFixture.USER1);
            VhostUserVringAddr.used_user_addr(fe.payload(), VhostUserFsFixture.USER1 + 8192);
            fe.send(VHOST_USER_SET_VRING_ADDR, (int) VhostUserVringAddr.SIZE);
        }, "descriptor table at front-end address 0x12340000 is in no region");
    }

    @Test
    void aFeatureThatWasNotOfferedIsRejected() throws Exception {
        assertClosed(fe -> fe.setU64(VHOST_USER_SET_FEATURES, 1L << 34), "that were not offered");
    }

    @Test
    void enablingARingWithoutProtocolFeaturesIsRejected() throws Exception {
        assertClosed(fe -> {
            VhostUserVringState.index(fe.payload(), 0);
            VhostUserVringState.num(fe.payload(), 1);
            fe.send(VHOST_USER_SET_VRING_ENABLE, 8);
        }, "SET_VRING_ENABLE without VHOST_USER_F_PROTOCOL_FEATURES");
    }
}
