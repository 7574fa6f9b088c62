package io.jvirtiod.vhostuser;

import io.jvirtiod.binding.sys.EventFd;
import io.jvirtiod.binding.sys.EventFdH;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.MemFd;
import io.jvirtiod.binding.sys.MemFdH;
import io.jvirtiod.binding.sys.Mman;
import io.jvirtiod.binding.sys.MmanH;
import io.jvirtiod.binding.vhost.VhostUserH;
import io.jvirtiod.binding.vhost.VhostUserMemory;
import io.jvirtiod.binding.vhost.VhostUserMemoryRegion;
import io.jvirtiod.binding.vhost.VhostUserPayload;
import io.jvirtiod.binding.vhost.VhostUserVringAddr;
import io.jvirtiod.binding.vhost.VhostUserVringState;
import io.jvirtiod.fs.passthrough.PassthroughConfig;
import io.jvirtiod.fs.passthrough.PassthroughFs;
import io.jvirtiod.fs.protocol.FuseOptions;
import io.jvirtiod.mock.SplitDriver;
import io.jvirtiod.virtiofs.FuseChainServer;
import io.jvirtiod.virtiofs.VirtioFsDevice;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.jvirtiod.binding.vhost.VhostUserH.*;

/**
 * A virtio-fs device served by a {@link VhostUserServer} on a socket in a temporary directory, and guest RAM as
 * QEMU shares it: one memfd, two regions (the second at a high guest address and a non-zero mmap_offset), with
 * front-end virtual addresses unlike either, so every ring address goes through the region table. {@link
 * #frontEndOf} gives the guest RAM and front-end alone, for a back-end that another process serves.
 */
public final class VhostUserFsFixture implements AutoCloseable {
    static final long REGION_SIZE = 4 << 20;
    static final long GPA0 = 0;
    static final long GPA1 = 0x1_0000_0000L;
    static final long USER0 = 0x7f00_0000_0000L;
    static final long USER1 = 0x7f00_4000_0000L;
    static final int QUEUE_SIZE = 256;
    static final int REQUEST_QUEUES = 2;

    final Path socket;
    final PassthroughFs fs;
    final VirtioFsDevice device;
    final VhostUserServer server;
    final Thread serverThread;
    final List<String> closeReasons = new CopyOnWriteArrayList<>();
    final int memfd;
    final MemorySegment ram; // both regions, as the front-end maps the memfd

    VhostUserFsFixture(Path dir, Path shared) {
        this(dir, shared, 0);
    }

    /** With {@code poolThreads} > 0, every queue's chains are served by a request pool of that many threads. */
    VhostUserFsFixture(Path dir, Path shared, int poolThreads) {
        this(dir.resolve("vhost-fs.sock"), new PassthroughFs(PassthroughConfig.of(shared)), poolThreads);
    }

    /** As above, the file system configured by {@code config} (limits, xattr maps). */
    VhostUserFsFixture(Path dir, PassthroughConfig config) {
        this(dir.resolve("vhost-fs.sock"), new PassthroughFs(config), 0);
    }

    /** Guest RAM and a front-end for the virtio-fs back-end another process serves on {@code socket}. */
    public static VhostUserFsFixture frontEndOf(Path socket) {
        return new VhostUserFsFixture(socket, (PassthroughFs) null, 0);
    }

    private VhostUserFsFixture(Path socket, PassthroughFs fs, int poolThreads) {
        this.socket = socket;
        this.fs = fs;
        if (fs != null) {
            device = new VirtioFsDevice("kataShared", REQUEST_QUEUES, fs, FuseOptions.defaults());
            int listenFd = VhostUserServer.listen(socket);
            server = new VhostUserServer(listenFd, vhostUserDevice(device, poolThreads), "test", closeReasons::add);
            serverThread = Thread.ofPlatform().name("vhost-user-server").daemon().start(server::run);
        } else {
            device = null;
            server = null;
            serverThread = null;
        }
        memfd = MemFd.create("guest-ram", MemFdH.MFD_CLOEXEC);
        MemFd.ftruncate(memfd, 2 * REGION_SIZE);
        ram = Mman.mmap(2 * REGION_SIZE, MmanH.PROT_READ | MmanH.PROT_WRITE, MmanH.MAP_SHARED, memfd, 0);
    }

    /** {@code device} as the vhost-user server sees it: features, queues, config, one chain server per queue. */
    static VhostUserDevice vhostUserDevice(VirtioFsDevice device) {
        return vhostUserDevice(device, 0);
    }

    /** As {@link #vhostUserDevice(VirtioFsDevice)}, with a request pool of {@code poolThreads} (0: none). */
    static VhostUserDevice vhostUserDevice(VirtioFsDevice device, int poolThreads) {
        return new VhostUserDevice() {
            @Override public int poolThreads() { return poolThreads; }
            @Override public QueueHandler openPoolHandler() { return openQueue(VirtioFsDevice.HIPRIO_QUEUE); }
            @Override public long features() { return VirtioFsDevice.FEATURES; }
            @Override public int numQueues() { return device.numQueues(); }
            @Override public MemorySegment config() { return device.config(); }
            @Override public QueueHandler openQueue(int index) {
                FuseChainServer s = device.newQueueServer();
                return new QueueHandler() {
                    @Override public int serve(io.jvirtiod.virtqueue.DescriptorChain chain) { return s.serve(chain); }
                    @Override public void close() { s.close(); }
                };
            }
            @Override public void reset() { device.reset(); }
        };
    }

    /** A driver for a ring in region 1 (guest addresses from GPA1), at {@code offset} in that region. */
    public SplitDriver driver(long offset) {
        return new SplitDriver(ram.asSlice(REGION_SIZE, REGION_SIZE), GPA1, offset, QUEUE_SIZE);
    }

    /** Negotiates as QEMU 7.2 does before SET_MEM_TABLE: features, protocol features, owner. */
    public static void negotiate(FakeFrontEnd fe) {
        long features = fe.getU64(VHOST_USER_GET_FEATURES);
        long protocol = fe.getU64(VHOST_USER_GET_PROTOCOL_FEATURES);
        fe.setU64(VHOST_USER_SET_PROTOCOL_FEATURES, protocol);
        fe.getU64(VHOST_USER_GET_QUEUE_NUM);
        fe.send(VHOST_USER_SET_OWNER, 0);
        fe.setU64(VHOST_USER_SET_FEATURES, features);
    }

    /** Writes the two-region table into the next payload; returns its size. */
    int memTablePayload(FakeFrontEnd fe) {
        MemorySegment p = fe.payload();
        VhostUserMemory.nregions(p, 2);
        region(VhostUserMemory.regions(p, 0), GPA0, USER0, 0);
        region(VhostUserMemory.regions(p, 1), GPA1, USER1, REGION_SIZE);
        return VhostUserMessage.MEMORY_HEADER + 2 * (int) VhostUserMemoryRegion.SIZE;
    }

    private static void region(MemorySegment r, long gpa, long user, long offset) {
        VhostUserMemoryRegion.guest_phys_addr(r, gpa);
        VhostUserMemoryRegion.memory_size(r, REGION_SIZE);
        VhostUserMemoryRegion.userspace_addr(r, user);
        VhostUserMemoryRegion.mmap_offset(r, offset);
    }

    public long setMemTable(FakeFrontEnd fe) {
        return fe.sendAcked(VHOST_USER_SET_MEM_TABLE, memTablePayload(fe), memfd, memfd);
    }

    /** Sets up and starts ring {@code index} as QEMU does; returns its {kick, call} eventfds (test-owned). */
    public int[] startRing(FakeFrontEnd fe, int index, SplitDriver d) {
        return startRing(fe, index, d, 0);
    }

    /** As {@link #startRing(FakeFrontEnd, int, SplitDriver)} with SET_VRING_BASE {@code base}. */
    int[] startRing(FakeFrontEnd fe, int index, SplitDriver d, int base) {
        state(fe, VHOST_USER_SET_VRING_NUM, index, d.size());
        state(fe, VHOST_USER_SET_VRING_BASE, index, base);
        MemorySegment p = fe.payload();
        VhostUserVringAddr.index(p, index);
        VhostUserVringAddr.flags(p, 0);
        VhostUserVringAddr.desc_user_addr(p, USER1 + d.ring().descOffset());
        VhostUserVringAddr.avail_user_addr(p, USER1 + d.ring().availOffset());
        VhostUserVringAddr.used_user_addr(p, USER1 + d.ring().usedOffset());
        VhostUserVringAddr.log_guest_addr(p, 0);
        fe.send(VHOST_USER_SET_VRING_ADDR, (int) VhostUserVringAddr.SIZE);
        int kick = EventFd.create(0, EventFdH.EFD_CLOEXEC | EventFdH.EFD_NONBLOCK);
        int call = EventFd.create(0, EventFdH.EFD_CLOEXEC | EventFdH.EFD_NONBLOCK);
        VhostUserPayload.u64(fe.payload(), index);
        fe.send(VHOST_USER_SET_VRING_KICK, 8, kick);
        VhostUserPayload.u64(fe.payload(), index);
        fe.send(VHOST_USER_SET_VRING_CALL, 8, call);
        state(fe, VHOST_USER_SET_VRING_ENABLE, index, 1);
        return new int[] {kick, call};
    }

    static void state(FakeFrontEnd fe, int request, int index, int num) {
        VhostUserVringState.index(fe.payload(), index);
        VhostUserVringState.num(fe.payload(), num);
        fe.send(request, (int) VhostUserVringState.SIZE);
    }

    public FakeFrontEnd connect() {
        return FakeFrontEnd.connect(socket);
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.stop();
            serverThread.join(5000);
        }
        Mman.munmap(ram);
        FileIo.closeRaw(memfd);
        if (fs != null) fs.close();
    }
}
