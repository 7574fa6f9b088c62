package io.jvirtiod.vhostuser;

import io.jvirtiod.binding.fuse.FuseAttr;
import io.jvirtiod.binding.fuse.FuseEntryOut;
import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseInitOut;
import io.jvirtiod.binding.fuse.FuseOpenIn;
import io.jvirtiod.binding.fuse.FuseOpenOut;
import io.jvirtiod.binding.fuse.FuseOutHeader;
import io.jvirtiod.binding.fuse.FuseReadIn;
import io.jvirtiod.binding.fuse.FuseWriteIn;
import io.jvirtiod.binding.fuse.FuseWriteOut;
import io.jvirtiod.binding.sys.EventFd;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.Mman;
import io.jvirtiod.binding.sys.MmanH;
import io.jvirtiod.binding.vhost.VhostInflightH;
import io.jvirtiod.binding.vhost.VhostInflightDescSplit;
import io.jvirtiod.binding.vhost.VhostInflightQueueSplit;
import io.jvirtiod.binding.vhost.VhostUserConfig;
import io.jvirtiod.binding.vhost.VhostUserInflight;
import io.jvirtiod.binding.vhost.VhostUserVringState;
import io.jvirtiod.binding.virtio.VirtioConfigH;
import io.jvirtiod.binding.virtio.VirtioFsConfig;
import io.jvirtiod.inflight.InflightLog;
import io.jvirtiod.mock.FuseRequest;
import io.jvirtiod.mock.SplitDriver;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;

import static io.jvirtiod.binding.vhost.VhostUserH.*;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The vhost-user back-end and the virtio-fs device, driven by a front-end that speaks the protocol as QEMU does. */
class VhostUserFsTest extends WithVhostUserFs {
    @Test
    void negotiationOffersTheDeviceFeaturesTheProtocolFeaturesAndEveryQueue() {
        try (FakeFrontEnd fe = fx.connect()) {
            long f = fe.getU64(VHOST_USER_GET_FEATURES);
            assertEquals(1L << VHOST_USER_F_PROTOCOL_FEATURES | 1L << VirtioConfigH.VIRTIO_F_VERSION_1
                    | 1L << VirtioConfigH.VIRTIO_RING_F_EVENT_IDX | 1L << VirtioConfigH.VIRTIO_RING_F_INDIRECT_DESC, f);
            long p = fe.getU64(VHOST_USER_GET_PROTOCOL_FEATURES);
            assertEquals(VhostUserBackend.PROTOCOL_FEATURES, p);
            assertTrue((p & 1L << VHOST_USER_PROTOCOL_F_INFLIGHT_SHMFD) != 0);
            fe.setU64(VHOST_USER_SET_PROTOCOL_FEATURES, p);
            assertEquals(1 + VhostUserFsFixture.REQUEST_QUEUES, fe.getU64(VHOST_USER_GET_QUEUE_NUM));
            fe.setU64(VHOST_USER_SET_FEATURES, f);
            assertEquals(0, fx.setMemTable(fe), "SET_MEM_TABLE acknowledged with REPLY_ACK status 0");
        }
    }

    @Test
    void getConfigReturnsTheTagAndTheNumberOfRequestQueues() {
        try (FakeFrontEnd fe = fx.connect()) {
            VhostUserFsFixture.negotiate(fe);
            MemorySegment p = fe.payload();
            VhostUserConfig.offset(p, 0);
            VhostUserConfig.size(p, (int) VirtioFsConfig.SIZE);
            VhostUserConfig.flags(p, 0);
            fe.send(VHOST_USER_GET_CONFIG, VhostUserMessage.CONFIG_HEADER + (int) VirtioFsConfig.SIZE);
            fe.receive(VHOST_USER_GET_CONFIG);
            assertEquals(VhostUserMessage.CONFIG_HEADER + VirtioFsConfig.SIZE, fe.replyPayload().byteSize());
            MemorySegment config = fe.replyPayload().asSlice(VhostUserConfig.OFFSET_REGION);
            byte[] tag = new byte[10];
            MemorySegment.copy(VirtioFsConfig.tag(config), JAVA_BYTE, 0, tag, 0, 10);
            assertEquals("kataShared", new String(tag, StandardCharsets.UTF_8));
            assertEquals(VhostUserFsFixture.REQUEST_QUEUES, VirtioFsConfig.num_request_queues(config));
            VhostUserConfig.size(fe.payload(), 4);
            assertEquals(1, fe.sendAcked(VHOST_USER_SET_CONFIG, VhostUserMessage.CONFIG_HEADER + 4),
                    "the config space is read-only: SET_CONFIG fails but the connection stays");
            assertTrue(fe.getU64(VHOST_USER_GET_FEATURES) != 0);
        }
    }

    @Test
    void fuseInitLookupOpenReadAndWriteRoundTripThroughARequestQueue() throws Exception {
        byte[] content = new byte[10000];
        for (int i = 0; i < content.length; i++) content[i] = (byte) (i * 31 + 7);
        Files.write(shared.resolve("hello.bin"), content);
        try (FakeFrontEnd fe = fx.connect()) {
            VhostUserFsFixture.negotiate(fe);
            fx.setMemTable(fe);
            SplitDriver ring = fx.driver(0);
            int[] fds = fx.startRing(fe, 1, ring);
            FuseOverRing fuse = new FuseOverRing(ring, fds[0]);

            assertEquals(0, fuse.init());
            assertEquals(FuseOutHeader.SIZE + FuseInitOut.SIZE, fuse.usedLength);
            assertEquals(FuseH.FUSE_KERNEL_VERSION, fuse.replyArg(0, FuseInitOut.SIZE).get(JAVA_INT_UNALIGNED, FuseInitOut.OFFSET_MAJOR));
            int granted = fuse.replyArg(0, FuseInitOut.SIZE).get(JAVA_INT_UNALIGNED, FuseInitOut.OFFSET_FLAGS);
            assertEquals(0, granted & FuseH.FUSE_POSIX_LOCKS, "POSIX locks only when the file system serves them");
            assertTrue(awaitSignal(fds[1]), "the call eventfd was signalled");

            assertEquals(0, fuse.call(FuseH.FUSE_LOOKUP, 1, new byte[][] {"hello.bin\0".getBytes()},
                    new int[] {(int) FuseEntryOut.SIZE}));
            MemorySegment entry = fuse.replyArg(0, FuseEntryOut.SIZE);
            long node = entry.get(JAVA_LONG_UNALIGNED, FuseEntryOut.OFFSET_NODEID);
            assertEquals(content.length, entry.get(JAVA_LONG_UNALIGNED, FuseEntryOut.OFFSET_ATTR + FuseAttr.OFFSET_SIZE));

            byte[] openIn = new byte[(int) FuseOpenIn.SIZE];
            MemorySegment.ofArray(openIn).set(JAVA_INT_UNALIGNED, FuseOpenIn.OFFSET_FLAGS, 2); // O_RDWR
            assertEquals(0, fuse.call(FuseH.FUSE_OPEN, node, new byte[][] {openIn}, new int[] {(int) FuseOpenOut.SIZE}));
            long fh = fuse.replyArg(0, FuseOpenOut.SIZE).get(JAVA_LONG_UNALIGNED, FuseOpenOut.OFFSET_FH);

            // READ of 8192 bytes at 1000 into two 4 KiB pages, as the guest's page cache would.
            byte[] readIn = new byte[(int) FuseReadIn.SIZE];
            MemorySegment r = MemorySegment.ofArray(readIn);
            r.set(JAVA_LONG_UNALIGNED, FuseReadIn.OFFSET_FH, fh);
            r.set(JAVA_LONG_UNALIGNED, FuseReadIn.OFFSET_OFFSET, 1000);
            r.set(JAVA_INT_UNALIGNED, FuseReadIn.OFFSET_SIZE, 8192);
            assertEquals(0, fuse.call(FuseH.FUSE_READ, node, new byte[][] {readIn}, new int[] {4096, 4096}));
            assertEquals(16 + 8192, fuse.usedLength);
            assertEquals(16 + 8192, fuse.replyLen());
            byte[] got = new byte[8192];
            MemorySegment.copy(fuse.replyArg(0, 4096), JAVA_BYTE, 0, got, 0, 4096);
            MemorySegment.copy(fuse.replyArg(1, 4096), JAVA_BYTE, 0, got, 4096, 4096);
            assertArrayEquals(Arrays.copyOfRange(content, 1000, 9192), got);

            // WRITE: header and fuse_write_in, then the payload in its own descriptors.
            byte[] writeIn = new byte[(int) FuseWriteIn.SIZE];
            MemorySegment w = MemorySegment.ofArray(writeIn);
            w.set(JAVA_LONG_UNALIGNED, FuseWriteIn.OFFSET_FH, fh);
            w.set(JAVA_LONG_UNALIGNED, FuseWriteIn.OFFSET_OFFSET, 2);
            w.set(JAVA_INT_UNALIGNED, FuseWriteIn.OFFSET_SIZE, 10);
            assertEquals(0, fuse.call(FuseH.FUSE_WRITE, node,
                    new byte[][] {writeIn, "from".getBytes(), "-guest".getBytes()}, new int[] {(int) FuseWriteOut.SIZE}));
            assertEquals(10, fuse.replyArg(0, FuseWriteOut.SIZE).get(JAVA_INT_UNALIGNED, FuseWriteOut.OFFSET_SIZE));
            byte[] host = Files.readAllBytes(shared.resolve("hello.bin"));
            assertEquals("from-guest", new String(host, 2, 10, StandardCharsets.US_ASCII));

            int missing = fuse.call(FuseH.FUSE_LOOKUP, 1, new byte[][] {"missing\0".getBytes()},
                    new int[] {(int) FuseEntryOut.SIZE});
            if (missing == 0) { // a negative entry the guest may cache (cache=auto): node id 0
                assertEquals(0, fuse.replyArg(0, FuseEntryOut.SIZE).get(JAVA_LONG_UNALIGNED, FuseEntryOut.OFFSET_NODEID));
            } else {
                assertEquals(-io.jvirtiod.binding.sys.Errno.ENOENT, missing);
                assertEquals(16, fuse.usedLength, "an error reply is the out-header alone");
            }

            // GET_VRING_BASE stops the ring and says where it stands: six chains were taken.
            VhostUserFsFixture.state(fe, VHOST_USER_GET_VRING_BASE, 1, 0);
            fe.receive(VHOST_USER_GET_VRING_BASE);
            assertEquals(1, VhostUserVringState.index(fe.replyPayload()));
            assertEquals(6, VhostUserVringState.num(fe.replyPayload()));
            FileIo.closeRaw(fds[0]);
            FileIo.closeRaw(fds[1]);
        }
    }

    @Test
    void withAPoolEveryQueuesRequestsAreServedByThePoolThreads() throws Exception {
        fx.close();
        fx = new VhostUserFsFixture(dir, shared, 2);
        Files.write(shared.resolve("f"), new byte[123]);
        try (FakeFrontEnd fe = fx.connect()) {
            VhostUserFsFixture.negotiate(fe);
            fx.setMemTable(fe);
            SplitDriver hiprio = fx.driver(0);
            SplitDriver request = fx.driver(2 << 20);
            int[] h = fx.startRing(fe, 0, hiprio);
            int[] r = fx.startRing(fe, 1, request);
            FuseOverRing fuse = new FuseOverRing(request, r[0]);
            assertEquals(0, fuse.init());
            FuseOverRing other = new FuseOverRing(hiprio, h[0]);
            for (int i = 0; i < 20; i++) {
                FuseOverRing q = i % 2 == 0 ? fuse : other;
                assertEquals(0, q.call(FuseH.FUSE_LOOKUP, 1, new byte[][] {"f\0".getBytes()},
                        new int[] {(int) FuseEntryOut.SIZE}));
                assertEquals(123, q.replyArg(0, FuseEntryOut.SIZE).get(JAVA_LONG_UNALIGNED,
                        FuseEntryOut.OFFSET_ATTR + FuseAttr.OFFSET_SIZE));
            }
            assertEquals(2, Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("test-pool-")).count(), "the pool's threads");
            for (int fd : new int[] {h[0], h[1], r[0], r[1]}) FileIo.closeRaw(fd);
        }
    }

    @Test
    void getInflightFdSharesAnInitializedBufferThatTracksEveryCompletion() throws Exception {
        try (FakeFrontEnd fe = fx.connect()) {
            VhostUserFsFixture.negotiate(fe);
            MemorySegment p = fe.payload();
            p.asSlice(0, VhostUserInflight.SIZE).fill((byte) 0);
            VhostUserInflight.num_queues(p, (short) 3);
            VhostUserInflight.queue_size(p, (short) VhostUserFsFixture.QUEUE_SIZE);
            fe.send(VHOST_USER_GET_INFLIGHT_FD, (int) VhostUserInflight.SIZE);
            fe.receive(VHOST_USER_GET_INFLIGHT_FD);
            assertEquals(1, fe.replyFds.length, "the memfd comes with the reply");
            int memfd = fe.replyFds[0];
            long size = VhostUserInflight.mmap_size(fe.replyPayload());
            assertEquals(InflightLog.sharedBufferSize(3, VhostUserFsFixture.QUEUE_SIZE), size);
            MemorySegment shm = Mman.mmap(size, MmanH.PROT_READ | MmanH.PROT_WRITE, MmanH.MAP_SHARED, memfd, 0);
            long stride = VhostInflightH.splitQueueRegionSize(VhostUserFsFixture.QUEUE_SIZE);
            for (int q = 0; q < 3; q++) {
                assertEquals(0, VhostInflightQueueSplit.version(shm.asSlice(q * stride, stride)),
                        "uninitialized until its queue starts (then at the used ring's idx)");
            }
            fx.setMemTable(fe);
            SplitDriver ring = fx.driver(0);
            int[] fds = fx.startRing(fe, 1, ring);
            FuseOverRing fuse = new FuseOverRing(ring, fds[0]);
            assertEquals(0, fuse.init());
            assertEquals(0, fuse.call(FuseH.FUSE_GETATTR, 1, new byte[][] {new byte[16]}, new int[] {104}));
            assertEquals(VhostInflightH.VHOST_INFLIGHT_VERSION, VhostInflightQueueSplit.version(shm.asSlice(stride, stride)));
            // The record's used_idx is written after the used ring's idx is published (the log's order), so the
            // driver may see the reply an instant before the record catches up.
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (VhostInflightQueueSplit.usedIdx(shm.asSlice(stride, stride)) != 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(2, VhostInflightQueueSplit.usedIdx(shm.asSlice(stride, stride)),
                    "the in-flight record of queue 1 follows the used ring");
            assertEquals(0, VhostInflightQueueSplit.version(shm), "queue 0 never started");
            Mman.munmap(shm);
            FileIo.closeRaw(memfd);
            FileIo.closeRaw(fds[0]);
            FileIo.closeRaw(fds[1]);
        }
    }

    @Test
    void aDriverThatBreaksItsRingStopsOnlyThatQueueAndTheErrFdIsSignalled() throws Exception {
        try (FakeFrontEnd fe = fx.connect()) {
            VhostUserFsFixture.negotiate(fe);
            fx.setMemTable(fe);
            SplitDriver ring = fx.driver(0);
            int err = EventFd.create(0, 0);
            io.jvirtiod.binding.vhost.VhostUserPayload.u64(fe.payload(), 1);
            fe.send(VHOST_USER_SET_VRING_ERR, 8, err);
            int[] fds = fx.startRing(fe, 1, ring);
            // A chain whose buffer lies outside guest memory (virtio 1.2 §2.7.5).
            ring.ring().desc(0, 0x5_0000_0000L, 64, 0, 0);
            ring.ring().publishAvailIdx(1);
            EventFd.signal(fds[0]);
            assertEquals(1, EventFd.drain(err), "SET_VRING_ERR's eventfd tells the front-end");
            assertTrue(fe.getU64(VHOST_USER_GET_FEATURES) != 0, "the connection is still served");
            FileIo.closeRaw(err);
            FileIo.closeRaw(fds[0]);
            FileIo.closeRaw(fds[1]);
        }
    }

    @Test
    void aRequestInFlightWhenTheBackEndWentAwayIsServedAfterItReconnectsWithTheInflightFd() throws Exception {
        int queues = 1 + VhostUserFsFixture.REQUEST_QUEUES;
        int memfd;
        long size;
        SplitDriver ring = fx.driver(0);
        int head;
        try (FakeFrontEnd fe = fx.connect()) {
            VhostUserFsFixture.negotiate(fe);
            inflightQuery(fe, queues);
            fe.send(VHOST_USER_GET_INFLIGHT_FD, (int) VhostUserInflight.SIZE);
            fe.receive(VHOST_USER_GET_INFLIGHT_FD);
            memfd = fe.replyFds[0];
            size = VhostUserInflight.mmap_size(fe.replyPayload());
            fx.setMemTable(fe);
            int[] fds = fx.startRing(fe, 1, ring);
            assertEquals(0, new FuseOverRing(ring, fds[0]).init());
            Thread.sleep(200); // let the worker go back to sleep on its kick fd
            // The driver makes a GETATTR available but the back-end "dies" before it is served: no kick, and the
            // record says it was fetched (what onFetch had written), as if the crash came mid-request.
            byte[] getattr = FuseRequest.request(FuseH.FUSE_GETATTR).caller(0, 0, 0).unique(77).nodeid(1).zeros(16)
                    .build();
            long out = ring.allocate(16 + 104);
            head = ring.submit(new byte[][] {getattr}, new long[] {out}, new int[] {120});
            FileIo.closeRaw(fds[0]);
            FileIo.closeRaw(fds[1]);
        }
        MemorySegment shm = Mman.mmap(size, MmanH.PROT_READ | MmanH.PROT_WRITE, MmanH.MAP_SHARED, memfd, 0);
        long stride = VhostInflightH.splitQueueRegionSize(VhostUserFsFixture.QUEUE_SIZE);
        MemorySegment q1 = shm.asSlice(stride, stride);
        assertEquals(1, VhostInflightQueueSplit.usedIdx(q1), "INIT was completed and recorded");
        long d = VhostInflightQueueSplit.descOffset(head);
        VhostInflightDescSplit.setCounter(q1, d, 2);
        VhostInflightDescSplit.setInflightRelease(q1, d, 1);

        try (FakeFrontEnd fe = fx.connect()) {
            VhostUserFsFixture.negotiate(fe);
            inflightQuery(fe, queues);
            VhostUserInflight.mmap_size(fe.payload(), size);
            fe.send(VHOST_USER_SET_INFLIGHT_FD, (int) VhostUserInflight.SIZE, memfd);
            fx.setMemTable(fe);
            // The front-end thinks the request was taken (base 2); only the in-flight record says it was not done.
            int[] fds = fx.startRing(fe, 1, ring, 2);
            int[] used = ring.awaitUsed(java.time.Duration.ofSeconds(10));
            assertEquals(head, used[0], "the in-flight request was served after the reconnect");
            assertEquals(16, used[1], "answered (EIO: the new FUSE session has not seen INIT)");
            assertEquals(0, VhostInflightDescSplit.inflight(q1, d), "and its record was cleared");
            assertEquals(2, VhostInflightQueueSplit.usedIdx(q1));
            FileIo.closeRaw(fds[0]);
            FileIo.closeRaw(fds[1]);
        }
        Mman.munmap(shm);
        FileIo.closeRaw(memfd);
    }

    private static void inflightQuery(FakeFrontEnd fe, int queues) {
        MemorySegment p = fe.payload();
        p.asSlice(0, VhostUserInflight.SIZE).fill((byte) 0);
        VhostUserInflight.num_queues(p, (short) queues);
        VhostUserInflight.queue_size(p, (short) VhostUserFsFixture.QUEUE_SIZE);
    }

    /**
     * Waits up to 10 s for a non-blocking eventfd to be signalled and drains it. The worker signals the call
     * eventfd just after it publishes the used element the driver polls for, so the two race.
     */
    private static boolean awaitSignal(int fd) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            long v = EventFd.drainRaw(fd);
            if (v > 0) return true;
            if (v != -io.jvirtiod.binding.sys.Errno.EAGAIN || System.nanoTime() > deadline) return false;
            Thread.sleep(1);
        }
    }
}
