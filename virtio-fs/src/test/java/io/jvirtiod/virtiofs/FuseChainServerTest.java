package io.jvirtiod.virtiofs;

import io.jvirtiod.binding.fuse.FuseAttrOut;
import io.jvirtiod.binding.fuse.FuseEntryOut;
import io.jvirtiod.binding.fuse.FuseFileLock;
import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseInHeader;
import io.jvirtiod.binding.fuse.FuseInitOut;
import io.jvirtiod.binding.fuse.FuseLkIn;
import io.jvirtiod.binding.fuse.FuseLkOut;
import io.jvirtiod.binding.fuse.FuseOpenIn;
import io.jvirtiod.binding.fuse.FuseOpenOut;
import io.jvirtiod.binding.fuse.FuseOutHeader;
import io.jvirtiod.binding.fuse.FuseReadIn;
import io.jvirtiod.binding.fuse.FuseWriteIn;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.fs.passthrough.PassthroughConfig;
import io.jvirtiod.fs.passthrough.PassthroughFs;
import io.jvirtiod.fs.protocol.FuseOptions;
import io.jvirtiod.mock.FuseRequest;
import io.jvirtiod.mock.SplitDriver;
import io.jvirtiod.virtqueue.DescriptorChain;
import io.jvirtiod.virtqueue.GuestMemory;
import io.jvirtiod.virtqueue.GuestRegion;
import io.jvirtiod.virtqueue.InflightTracker;
import io.jvirtiod.virtqueue.QueueConfig;
import io.jvirtiod.virtqueue.QueueState;
import io.jvirtiod.virtqueue.Virtqueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The virtio-fs request path on its own: chains laid out as Linux's virtio_fs driver lays them out, popped from
 * a split queue over guest memory made of two adjacent regions, so buffers that straddle the boundary (which the
 * zero-copy paths cannot describe as one slice) are exercised too.
 */
class FuseChainServerTest {
    private static final long BOUNDARY = 1 << 20; // guest address where region 1 starts

    @TempDir
    Path shared;
    private final Arena arena = Arena.ofShared();
    private PassthroughFs fs;
    private VirtioFsDevice device;
    private FuseChainServer server;
    private SplitDriver ring;
    private Virtqueue queue;
    private long unique = 1;

    @BeforeEach
    void setUp() throws Exception {
        MemorySegment ram = arena.allocate(2 * BOUNDARY, 4096);
        GuestMemory memory = GuestMemory.of(new GuestRegion(0, ram.asSlice(0, BOUNDARY)),
                new GuestRegion(BOUNDARY, ram.asSlice(BOUNDARY, BOUNDARY)));
        ring = new SplitDriver(ram, 0, 0, 64);
        queue = Virtqueue.open(memory, new QueueConfig(64, ring.ring().descAddress(), ring.ring().availAddress(),
                ring.ring().usedAddress(), VirtioFsDevice.FEATURES), QueueState.INITIAL, InflightTracker.NONE);
        serveWith(PassthroughConfig.of(shared).withFlockLocks(false));
    }

    /** Serves the queue from a file system made with {@code config} (a new session: INIT again). */
    private void serveWith(PassthroughConfig config) {
        if (server != null) {
            server.close();
            fs.close();
        }
        fs = new PassthroughFs(config);
        device = new VirtioFsDevice("kataShared", 1, fs, FuseOptions.defaults());
        server = device.newQueueServer();
    }

    @AfterEach
    void tearDown() {
        server.close();
        fs.close();
        arena.close();
    }

    /** Places in-header + in-args (each its own descriptor) and out buffers at the given RAM offsets, serves it. */
    private int serve(int opcode, long nodeid, byte[][] inArgs, long[] outOffsets, int[] outSizes) throws Exception {
        int inBytes = (int) FuseInHeader.SIZE;
        for (byte[] a : inArgs) inBytes += a.length;
        return serve(opcode, nodeid, inArgs, outOffsets, outSizes, inBytes);
    }

    /** As above with {@code inLen} in the in-header's len field, whatever the chain carries. */
    private int serve(int opcode, long nodeid, byte[][] inArgs, long[] outOffsets, int[] outSizes, int inBytes)
            throws Exception {
        byte[][] parts = new byte[1 + inArgs.length][];
        parts[0] = FuseRequest.request(opcode).caller(0, 0, 0).unique(unique++).nodeid(nodeid).len(inBytes).build();
        System.arraycopy(inArgs, 0, parts, 1, inArgs.length);
        ring.submit(parts, outOffsets, outSizes);
        DescriptorChain chain = queue.pop();
        int head = chain.head();
        int written = server.serve(chain);
        queue.pushUsed(head, written);
        return written;
    }

    private int error(long outHeader) {
        return ring.ram().get(JAVA_INT_UNALIGNED, outHeader + FuseOutHeader.OFFSET_ERROR);
    }

    private long initSession(int offeredFlags) throws Exception {
        byte[] in = FuseRequest.initIn(41, 0, offeredFlags, 0);
        long out = ring.allocate(FuseOutHeader.SIZE + FuseInitOut.SIZE);
        assertEquals(FuseOutHeader.SIZE + FuseInitOut.SIZE, serve(FuseH.FUSE_INIT, 0, new byte[][] {in},
                new long[] {out}, new int[] {(int) (FuseOutHeader.SIZE + FuseInitOut.SIZE)}));
        assertEquals(0, error(out));
        return out + FuseOutHeader.SIZE;
    }

    /** LOOKUP of {@code name} in the root; returns its entry (fuse_entry_out) in guest RAM. */
    private MemorySegment lookup(String name) throws Exception {
        long entry = ring.allocate(16 + FuseEntryOut.SIZE);
        serve(FuseH.FUSE_LOOKUP, 1, new byte[][] {(name + "\0").getBytes()}, new long[] {entry},
                new int[] {(int) (16 + FuseEntryOut.SIZE)});
        assertEquals(0, error(entry));
        return ring.ram().asSlice(entry + 16, FuseEntryOut.SIZE);
    }

    private long openFile(String name) throws Exception {
        return openFile(name, 2); // O_RDWR
    }

    /** LOOKUP and OPEN with the guest's open {@code flags}; returns node id << 32 | fh. */
    private long openFile(String name, int flags) throws Exception {
        long node = lookup(name).get(JAVA_LONG_UNALIGNED, FuseEntryOut.OFFSET_NODEID);
        byte[] openIn = new byte[(int) FuseOpenIn.SIZE];
        MemorySegment.ofArray(openIn).set(JAVA_INT_UNALIGNED, FuseOpenIn.OFFSET_FLAGS, flags);
        long open = ring.allocate(16 + FuseOpenOut.SIZE);
        serve(FuseH.FUSE_OPEN, node, new byte[][] {openIn}, new long[] {open}, new int[] {(int) (16 + FuseOpenOut.SIZE)});
        assertEquals(0, error(open));
        long fh = ring.ram().get(JAVA_LONG_UNALIGNED, open + 16 + FuseOpenOut.OFFSET_FH);
        return node << 32 | fh; // both small in these tests
    }

    private int grantedFlags(int offered) throws Exception {
        return ring.ram().get(JAVA_INT_UNALIGNED, initSession(offered) + FuseInitOut.OFFSET_FLAGS);
    }

    @Test
    void initGrantsRemoteLocksOnlyWhenTheFileSystemServesThem() throws Exception {
        int offered = FuseH.FUSE_POSIX_LOCKS | FuseH.FUSE_FLOCK_LOCKS | FuseH.FUSE_ASYNC_READ;
        int granted = grantedFlags(offered);
        assertEquals(0, granted & (FuseH.FUSE_POSIX_LOCKS | FuseH.FUSE_FLOCK_LOCKS));
        assertEquals(FuseH.FUSE_ASYNC_READ, granted & FuseH.FUSE_ASYNC_READ, "other offered flags are granted");
        serveWith(PassthroughConfig.of(shared).withPosixLocks(true).withFlockLocks(true));
        assertEquals(FuseH.FUSE_POSIX_LOCKS | FuseH.FUSE_FLOCK_LOCKS,
                grantedFlags(offered) & (FuseH.FUSE_POSIX_LOCKS | FuseH.FUSE_FLOCK_LOCKS));
    }

    /** A lock request of {@code owner} on the open file {@code ids}; returns its reply's error. */
    private int lock(int op, long ids, long owner, int type, int lkFlags, long lkOut) throws Exception {
        byte[] lkIn = new byte[(int) FuseLkIn.SIZE];
        MemorySegment l = MemorySegment.ofArray(lkIn);
        l.set(JAVA_LONG_UNALIGNED, FuseLkIn.OFFSET_FH, ids & 0xffffffffL);
        l.set(JAVA_LONG_UNALIGNED, FuseLkIn.OFFSET_OWNER, owner);
        l.set(JAVA_LONG_UNALIGNED, FuseLkIn.OFFSET_LK + FuseFileLock.OFFSET_END, Long.MAX_VALUE);
        l.set(JAVA_INT_UNALIGNED, FuseLkIn.OFFSET_LK + FuseFileLock.OFFSET_TYPE, type);
        l.set(JAVA_INT_UNALIGNED, FuseLkIn.OFFSET_LK_FLAGS, lkFlags);
        serve(op, ids >>> 32, new byte[][] {lkIn}, new long[] {lkOut}, new int[] {(int) (16 + FuseLkOut.SIZE)});
        return error(lkOut);
    }

    @Test
    void servedLocksConflictBetweenOwnersAndAWaitIsEopnotsuppAsVirtiofsdAnswers() throws Exception {
        serveWith(PassthroughConfig.of(shared).withPosixLocks(true).withFlockLocks(true));
        fs.maxLockWaiters(0); // what jvirtiod virtiofsd sets
        Files.write(shared.resolve("l"), new byte[0]);
        initSession(FuseH.FUSE_POSIX_LOCKS | FuseH.FUSE_FLOCK_LOCKS);
        long a = openFile("l");
        long b = openFile("l");
        long out = ring.allocate(16 + FuseLkOut.SIZE);
        int wrlck = 1;
        assertEquals(0, lock(FuseH.FUSE_SETLK, a, 7, wrlck, 0, out));
        assertEquals(-Errno.EAGAIN, lock(FuseH.FUSE_SETLK, b, 8, wrlck, 0, out), "a second owner conflicts");
        assertEquals(0, lock(FuseH.FUSE_GETLK, b, 8, wrlck, 0, out));
        assertEquals(wrlck, ring.ram().get(JAVA_INT_UNALIGNED, out + 16 + FuseLkOut.OFFSET_LK
                + FuseFileLock.OFFSET_TYPE), "GETLK names the conflicting lock");
        assertEquals(-Errno.EOPNOTSUPP, lock(FuseH.FUSE_SETLKW, b, 8, wrlck, 0, out));
        assertEquals(0, lock(FuseH.FUSE_SETLK, a, 7, wrlck, FuseH.FUSE_LK_FLOCK, out));
        assertEquals(-Errno.EAGAIN, lock(FuseH.FUSE_SETLK, b, 8, wrlck, FuseH.FUSE_LK_FLOCK, out),
                "flock locks of two opens conflict");
        assertEquals(-Errno.EOPNOTSUPP, lock(FuseH.FUSE_SETLKW, b, 8, wrlck, FuseH.FUSE_LK_FLOCK, out));
        assertEquals(0, lock(FuseH.FUSE_SETLK, a, 7, 2 /* F_UNLCK */, 0, out));
        assertEquals(0, lock(FuseH.FUSE_SETLKW, b, 8, wrlck, 0, out), "a free lock is granted at once");
    }

    @Test
    void withoutReaddirplusItIsNotGrantedAndTheRequestIsNotServed() throws Exception {
        int plus = FuseH.FUSE_DO_READDIRPLUS | FuseH.FUSE_READDIRPLUS_AUTO;
        assertEquals(plus, grantedFlags(plus) & plus);
        serveWith(PassthroughConfig.of(shared).withReaddirplus(false));
        assertEquals(0, grantedFlags(plus) & plus);
        byte[] openIn = new byte[(int) FuseOpenIn.SIZE];
        long open = ring.allocate(16 + FuseOpenOut.SIZE);
        serve(FuseH.FUSE_OPENDIR, 1, new byte[][] {openIn}, new long[] {open},
                new int[] {(int) (16 + FuseOpenOut.SIZE)});
        assertEquals(0, error(open));
        byte[] readIn = new byte[(int) FuseReadIn.SIZE];
        MemorySegment r = MemorySegment.ofArray(readIn);
        r.set(JAVA_LONG_UNALIGNED, FuseReadIn.OFFSET_FH, ring.ram().get(JAVA_LONG_UNALIGNED, open + 16));
        r.set(JAVA_INT_UNALIGNED, FuseReadIn.OFFSET_SIZE, 4096);
        long out = ring.allocate(16 + 4096);
        serve(FuseH.FUSE_READDIRPLUS, 1, new byte[][] {readIn}, new long[] {out}, new int[] {16 + 4096});
        assertEquals(-Errno.ENOSYS, error(out));
        serve(FuseH.FUSE_READDIR, 1, new byte[][] {readIn}, new long[] {out}, new int[] {16 + 4096});
        assertEquals(0, error(out), "READDIR is served");
    }

    @Test
    void aTimeoutGivenOverridesTheCacheModesInEveryEntry() throws Exception {
        Files.createDirectory(shared.resolve("d"));
        serveWith(PassthroughConfig.of(shared).withTimeoutNanos(2_500_000_000L));
        initSession(0);
        MemorySegment e = lookup("d");
        assertEquals(2, e.get(JAVA_LONG_UNALIGNED, FuseEntryOut.OFFSET_ENTRY_VALID));
        assertEquals(500_000_000, e.get(JAVA_INT_UNALIGNED, FuseEntryOut.OFFSET_ENTRY_VALID_NSEC));
        assertEquals(2, e.get(JAVA_LONG_UNALIGNED, FuseEntryOut.OFFSET_ATTR_VALID));
        assertEquals(500_000_000, e.get(JAVA_INT_UNALIGNED, FuseEntryOut.OFFSET_ATTR_VALID_NSEC));
    }

    /** The host open flags of the file behind {@code fh}, from /proc/self/fdinfo. */
    private int hostFlags(long fh) throws Exception {
        io.jvirtiod.fs.passthrough.OpenFile f = fs.files().acquire(fh);
        try {
            String info = Files.readString(Path.of("/proc/self/fdinfo/" + f.fd()));
            return Integer.parseInt(info.lines().filter(l -> l.startsWith("flags:")).findFirst().orElseThrow()
                    .substring(6).trim(), 8);
        } finally {
            fs.files().release(f);
        }
    }

    @Test
    void oDirectReachesTheHostOnlyWithAllowDirectIo() throws Exception {
        int oDirect = io.jvirtiod.binding.sys.FcntlH.O_DIRECT;
        Files.write(shared.resolve("f"), new byte[4096]);
        initSession(0);
        assertEquals(0, hostFlags(openFile("f", oDirect) & 0xffffffffL) & oDirect, "dropped by default");
        serveWith(PassthroughConfig.of(shared).withAllowDirectIo(true));
        initSession(0);
        assertEquals(oDirect, hostFlags(openFile("f", oDirect) & 0xffffffffL) & oDirect);
    }

    @Test
    void aDirectoryOnAnotherMountIsAnnouncedAsASubmount() throws Exception {
        io.jvirtiod.testsupport.Require.root(); // mounting a tmpfs
        Path sub = Files.createDirectory(shared.resolve("sub"));
        Files.createDirectory(shared.resolve("plain"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "tmpfs", sub.toString()).inheritIO().start();
        assertEquals(0, mount.waitFor());
        try {
            serveWith(PassthroughConfig.of(shared).withAnnounceSubmounts(true));
            initSession(FuseH.FUSE_SUBMOUNTS);
            long attrFlags = FuseEntryOut.OFFSET_ATTR + io.jvirtiod.binding.fuse.FuseAttr.OFFSET_FLAGS;
            assertEquals(FuseH.FUSE_ATTR_SUBMOUNT, lookup("sub").get(JAVA_INT_UNALIGNED, attrFlags));
            assertEquals(0, lookup("plain").get(JAVA_INT_UNALIGNED, attrFlags));
            serveWith(PassthroughConfig.of(shared));
            initSession(FuseH.FUSE_SUBMOUNTS);
            assertEquals(0, lookup("sub").get(JAVA_INT_UNALIGNED, attrFlags), "not announced unless asked");
        } finally {
            serveWith(PassthroughConfig.of(shared)); // the file system's fds on the tmpfs would keep it busy
            new ProcessBuilder("umount", sub.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void lockRequestsAGuestSendsAnywayAreAnsweredENOSYSWithoutReachingTheFileSystem() throws Exception {
        Files.write(shared.resolve("l"), new byte[0]);
        initSession(FuseH.FUSE_POSIX_LOCKS | FuseH.FUSE_FLOCK_LOCKS);
        long ids = openFile("l");
        for (int op : new int[] {FuseH.FUSE_SETLK, FuseH.FUSE_SETLKW, FuseH.FUSE_GETLK}) {
            for (int lkFlags : new int[] {0, FuseH.FUSE_LK_FLOCK}) {
                byte[] lkIn = new byte[(int) FuseLkIn.SIZE];
                MemorySegment l = MemorySegment.ofArray(lkIn);
                l.set(JAVA_LONG_UNALIGNED, FuseLkIn.OFFSET_FH, ids & 0xffffffffL);
                l.set(JAVA_LONG_UNALIGNED, FuseLkIn.OFFSET_OWNER, 7);
                l.set(JAVA_INT_UNALIGNED, FuseLkIn.OFFSET_LK + FuseFileLock.OFFSET_TYPE, 1); // F_WRLCK
                l.set(JAVA_INT_UNALIGNED, FuseLkIn.OFFSET_LK_FLAGS, lkFlags);
                long out = ring.allocate(16 + FuseLkOut.SIZE);
                assertEquals(16, serve(op, ids >>> 32, new byte[][] {lkIn}, new long[] {out},
                        new int[] {(int) (16 + FuseLkOut.SIZE)}));
                assertEquals(-Errno.ENOSYS, error(out), "opcode " + op + " lk_flags " + lkFlags);
            }
        }
    }

    @Test
    void aReadIntoAPageThatStraddlesTwoRegionsArrivesWhole() throws Exception {
        byte[] content = new byte[6000];
        for (int i = 0; i < content.length; i++) content[i] = (byte) (i ^ i >> 8);
        Files.write(shared.resolve("f"), content);
        initSession(FuseH.FUSE_ASYNC_READ);
        long ids = openFile("f");
        byte[] readIn = new byte[(int) FuseReadIn.SIZE];
        MemorySegment r = MemorySegment.ofArray(readIn);
        r.set(JAVA_LONG_UNALIGNED, FuseReadIn.OFFSET_FH, ids & 0xffffffffL);
        r.set(JAVA_INT_UNALIGNED, FuseReadIn.OFFSET_SIZE, 6000);
        long header = ring.allocate(16);
        long page = BOUNDARY - 1000; // 1000 bytes in region 0, the rest in region 1
        assertEquals(16 + 6000, serve(FuseH.FUSE_READ, ids >>> 32, new byte[][] {readIn},
                new long[] {header, page}, new int[] {16, 8192}));
        assertEquals(0, error(header));
        byte[] got = new byte[6000];
        MemorySegment.copy(ring.ram(), JAVA_BYTE, page, got, 0, 6000);
        assertArrayEquals(content, got);
    }

    @Test
    void aWritePayloadThatStraddlesTwoRegionsIsWrittenWhole() throws Exception {
        Files.write(shared.resolve("w"), new byte[0]);
        initSession(FuseH.FUSE_ASYNC_READ);
        long ids = openFile("w");
        byte[] payload = new byte[5000];
        Arrays.fill(payload, (byte) 'z');
        long at = BOUNDARY - 2000;
        MemorySegment.copy(MemorySegment.ofArray(payload), 0, ring.ram(), at, payload.length);
        byte[] writeIn = new byte[(int) FuseWriteIn.SIZE];
        MemorySegment w = MemorySegment.ofArray(writeIn);
        w.set(JAVA_LONG_UNALIGNED, FuseWriteIn.OFFSET_FH, ids & 0xffffffffL);
        w.set(JAVA_INT_UNALIGNED, FuseWriteIn.OFFSET_SIZE, payload.length);
        // header and write_in as in-args, then the payload as a readable buffer the test placed itself
        byte[] header = FuseRequest.request(FuseH.FUSE_WRITE).caller(0, 0, 0).unique(99).nodeid(ids >>> 32)
                .len(FuseInHeader.SIZE + FuseWriteIn.SIZE + payload.length).build();
        long h = ring.allocate(FuseInHeader.SIZE);
        MemorySegment ram = ring.ram();
        MemorySegment.copy(MemorySegment.ofArray(header), 0, ram, h, FuseInHeader.SIZE);
        long wi = ring.allocate(FuseWriteIn.SIZE);
        MemorySegment.copy(w, 0, ram, wi, FuseWriteIn.SIZE);
        long out = ring.allocate(16 + 8);
        ring.submit(new long[] {h, wi, at, out}, new int[] {(int) FuseInHeader.SIZE, (int) FuseWriteIn.SIZE,
                payload.length, 24}, 3);
        DescriptorChain c = queue.pop();
        int head = c.head();
        assertEquals(24, server.serve(c));
        queue.pushUsed(head, 24);
        assertEquals(0, error(out));
        assertArrayEquals(payload, Files.readAllBytes(shared.resolve("w")));
    }

    @Test
    void aRequestWhoseLengthFieldLiesIsAnsweredWithEinval() throws Exception {
        initSession(0);
        long out = ring.allocate(16 + FuseAttrOut.SIZE);
        byte[] getattrIn = new byte[16];
        // in.len says 56 bytes, the chain carries 40 + 16 + 8 = 64
        assertEquals(16, serve(FuseH.FUSE_GETATTR, 1, new byte[][] {getattrIn, new byte[8]}, new long[] {out},
                new int[] {(int) (16 + FuseAttrOut.SIZE)}, 56));
        assertEquals(-Errno.EINVAL, error(out));
    }
}
