package io.jvirtiod.vduse;

import io.jvirtiod.binding.sys.Epoll;
import io.jvirtiod.binding.sys.EpollH;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.EventFd;
import io.jvirtiod.binding.sys.EventFdH;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.vduse.VduseDevRequest;
import io.jvirtiod.binding.vduse.VduseDevResponse;
import io.jvirtiod.binding.vduse.VduseDevStatus;
import io.jvirtiod.binding.vduse.VduseH;
import io.jvirtiod.binding.vduse.VduseIovaRange;
import io.jvirtiod.binding.vduse.VduseVqState;
import io.jvirtiod.binding.vduse.VduseVqStateSplit;
import io.jvirtiod.binding.virtio.VirtioConfigH;
import io.jvirtiod.binding.virtio.VringUsed;
import io.jvirtiod.inflight.InflightLog;
import io.jvirtiod.inflight.InflightLogCorruptException;
import io.jvirtiod.inflight.QueueLogTracker;
import io.jvirtiod.inflight.Recovery;
import io.jvirtiod.virtqueue.GuestMemory;
import io.jvirtiod.virtqueue.QueueConfig;
import io.jvirtiod.virtqueue.QueueState;
import io.jvirtiod.virtqueue.VirtqueueException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Serves one VDUSE device: creates it (or reopens it when /dev/vduse/NAME already exists, which is how a daemon
 * restarted after a crash resumes), answers the kernel's control messages (SET_STATUS, GET_VQ_STATE,
 * UPDATE_IOTLB), runs one {@link QueueWorker} per ready queue, and keeps each queue's in-flight record in an
 * mmap'd {@link InflightLog} so that a restart resubmits, oldest first, every request fetched and not completed.
 *
 * <p>The kernel keeps the device, its rings and any unanswered message across our death; the log keeps which
 * requests were in flight. Together they make a SIGKILL at any instruction lose nothing.
 */
public final class VduseServer implements AutoCloseable {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long NODE_WAIT_MILLIS = 10_000;

    private final VduseDeviceSpec spec;
    private final Path logPath;
    private final IntFunction<ChainServer> serverFactory;
    private final Consumer<String> log;
    private final int stopFd;
    private final ChainServer[] servers;
    private final QueueWorker[] workers;
    private final QueueLogTracker[] trackers;
    private final QueueConfig[] configs;
    private final QueueState[] paused;
    private final int[] kickFds;
    private final AtomicBoolean firstCompletion = new AtomicBoolean();
    private VduseDevice device;
    private IotlbMap iotlb;
    private InflightLog inflight;
    private boolean reconnected;
    private int status;
    private volatile boolean destroyOnExit;
    private Runnable beforeServing = () -> {};
    /** When the JVM started, read now: java.management loads its native libraries on first use (stat, readlink). */
    private final long jvmStartMillis = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();

    public VduseServer(VduseDeviceSpec spec, Path logPath, IntFunction<ChainServer> serverFactory, Consumer<String> log) {
        this.spec = spec;
        this.logPath = logPath;
        this.serverFactory = serverFactory;
        this.log = log;
        int n = spec.numQueues();
        this.servers = new ChainServer[n];
        this.workers = new QueueWorker[n];
        this.trackers = new QueueLogTracker[n];
        this.configs = new QueueConfig[n];
        this.paused = new QueueState[n];
        this.kickFds = new int[n];
        this.stopFd = EventFd.create(0, EventFdH.EFD_CLOEXEC);
    }

    /** Whether this run reopened an existing device instead of creating it. */
    public boolean reconnected() {
        return reconnected;
    }

    /**
     * Asks {@link #run()} to return; with {@code destroy}, the device is destroyed on the way out when no vdpa
     * device uses it (a clean shutdown), otherwise left for the next daemon.
     */
    public void stop(boolean destroy) {
        destroyOnExit = destroy;
        EventFd.signalRaw(stopFd);
    }

    /**
     * Runs {@code action} once the device is open and its queues set up, before the first message is served (and
     * before a reconnecting daemon resumes): where the daemon confines itself (its seccomp filter).
     */
    public void beforeServing(Runnable action) {
        this.beforeServing = action;
    }

    /** Creates or reopens the device and serves it until {@link #stop}. */
    public void run() throws IOException, InterruptedException, VirtqueueException {
        String name = spec.name();
        reconnected = VduseControl.exists(name);
        if (!reconnected) {
            try (VduseControl control = VduseControl.open()) {
                control.create(spec);
            }
            waitForNode(name);
            log.accept("created /dev/vduse/" + name + " (" + spec.numQueues() + " queues of " + spec.queueSize() + ")");
        } else {
            log.accept("/dev/vduse/" + name + " exists: reconnecting");
        }
        device = VduseDevice.open(name);
        iotlb = new IotlbMap(device);
        try {
            for (int q = 0; q < spec.numQueues(); q++) {
                device.setupVq(q, spec.queueSize());
                servers[q] = serverFactory.apply(q);
                kickFds[q] = EventFd.create(0, EventFdH.EFD_CLOEXEC);
            }
            // vdpa refuses a device whose queues are not set up: only now may it be attached
            log.accept("ready for vdpa: vdpa dev add name " + name + " mgmtdev vduse");
            beforeServing.run();
            if (reconnected) resume();
            messageLoop();
        } finally {
            stopWorkers();
            iotlb.close();
            device.close();
            if (inflight != null) inflight.close();
            if (destroyOnExit) destroy(name);
        }
    }

    private void destroy(String name) {
        try (VduseControl control = VduseControl.open()) {
            if (control.destroy(name)) {
                log.accept("destroyed /dev/vduse/" + name);
                Files.deleteIfExists(logPath);
            } else {
                log.accept("/dev/vduse/" + name + " is still attached (vdpa dev del first); left for reconnection");
            }
        } catch (RuntimeException | IOException e) {
            log.accept("cannot destroy /dev/vduse/" + name + ": " + e.getMessage());
        }
    }

    private static void waitForNode(String name) throws InterruptedException {
        long deadline = System.currentTimeMillis() + NODE_WAIT_MILLIS;
        while (!Files.exists(VduseDevice.path(name))) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(VduseDevice.path(name) + " did not appear after VDUSE_CREATE_DEV");
            }
            Thread.sleep(10);
        }
    }

    // ------------------------------------------------------------------ control messages

    private void messageLoop() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment req = arena.allocate(VduseDevRequest.LAYOUT);
            MemorySegment resp = arena.allocate(VduseDevResponse.LAYOUT);
            MemorySegment events = Epoll.allocateEvents(arena, 2);
            int ep = Epoll.create1(EpollH.EPOLL_CLOEXEC);
            try {
                Epoll.ctl(ep, EpollH.EPOLL_CTL_ADD, device.fd(), EpollH.EPOLLIN, 0);
                Epoll.ctl(ep, EpollH.EPOLL_CTL_ADD, stopFd, EpollH.EPOLLIN, 1);
                while (true) {
                    int n = Epoll.waitEventsRaw(ep, events, 2, -1);
                    if (n == -Errno.EINTR) continue;
                    if (n < 0) throw new IllegalStateException("epoll_wait: " + Errno.name(-n));
                    for (int i = 0; i < n; i++) {
                        if (io.jvirtiod.binding.sys.EpollEvent.dataAt(events, i) == 1) return;
                    }
                    while (true) {
                        long r = device.readRequestRaw(req);
                        if (r == -Errno.EAGAIN || r == -Errno.EINTR) break;
                        if (r < 0) throw new IllegalStateException("read(/dev/vduse/" + spec.name() + "): " + Errno.name((int) -r));
                        if (r != VduseDevRequest.SIZE) throw new IllegalStateException("short VDUSE message: " + r + " bytes");
                        resp.fill((byte) 0);
                        VduseDevResponse.request_id(resp, VduseDevRequest.request_id(req));
                        VduseDevResponse.result(resp, handle(req, resp) ? VduseH.VDUSE_REQ_RESULT_OK : VduseH.VDUSE_REQ_RESULT_FAILED);
                        long w = device.writeResponseRaw(resp);
                        if (w != VduseDevResponse.SIZE) log.accept("writing a VDUSE response failed: " + w);
                    }
                }
            } finally {
                FileIo.closeRaw(ep);
            }
        }
    }

    /** Handles one message; returns whether it succeeded. */
    private boolean handle(MemorySegment req, MemorySegment resp) {
        int type = VduseDevRequest.type(req);
        try {
            switch (type) {
                case VduseH.VDUSE_SET_STATUS -> {
                    setStatus(VduseDevStatus.status(VduseDevRequest.s(req)) & 0xff);
                    return true;
                }
                case VduseH.VDUSE_GET_VQ_STATE -> {
                    int q = VduseVqState.index(VduseDevRequest.vq_state(req));
                    if (q < 0 || q >= workers.length) return false;
                    MemorySegment s = VduseDevResponse.vq_state(resp);
                    VduseVqState.index(s, q);
                    int avail = workers[q] != null ? workers[q].availIndex()
                            : paused[q] != null ? paused[q].nextAvail() : 0;
                    VduseVqStateSplit.avail_index(VduseVqState.split(s), (short) avail);
                    return true;
                }
                case VduseH.VDUSE_UPDATE_IOTLB -> {
                    MemorySegment range = VduseDevRequest.iova(req);
                    boolean running = anyRunning();
                    if (running) pauseWorkers();
                    iotlb.invalidate(VduseIovaRange.start(range), VduseIovaRange.last(range));
                    if (running) resumeWorkers();
                    return true;
                }
                default -> {
                    log.accept("unknown VDUSE message type " + type);
                    return false;
                }
            }
        } catch (Exception e) {
            log.accept("VDUSE message type " + type + " failed: " + e);
            return false;
        }
    }

    private void setStatus(int s) throws IOException, InterruptedException, VirtqueueException {
        int old = status;
        status = s;
        if ((s & VirtioConfigH.VIRTIO_CONFIG_S_DRIVER_OK) != 0 && (old & VirtioConfigH.VIRTIO_CONFIG_S_DRIVER_OK) == 0
                && !anyRunning()) {
            startFresh();
        } else if (s == 0) {
            stopWorkers();
            Arrays.fill(paused, null);
            iotlb.clear();
            log.accept("device reset by the driver");
        }
    }

    // ------------------------------------------------------------------ queues

    private void startFresh() throws IOException, VirtqueueException {
        long features = device.driverFeatures();
        if (VirtioConfigH.has(features, VirtioConfigH.VIRTIO_F_RING_PACKED)) {
            throw new IllegalStateException("the driver negotiated packed rings, which this device did not offer");
        }
        if (inflight != null) inflight.close();
        inflight = InflightLog.create(logPath, spec.name(), spec.numQueues(), spec.queueSize(), features);
        GuestMemory memory = iotlb.refresh();
        for (int q = 0; q < spec.numQueues(); q++) {
            VqInfo info = device.vqInfo(q);
            if (!info.ready()) continue;
            configs[q] = queueConfig(info, features);
            trackers[q] = new QueueLogTracker(inflight.queue(q));
            int used = usedIdx(memory, info);
            startWorker(q, new QueueState(info.availIndex(), true, used, true));
        }
        log.accept("driver ready: features 0x" + Long.toHexString(features) + ", in-flight log " + logPath);
    }

    /** After a restart: every ready queue resubmits what the log holds in flight, then continues. */
    private void resume() throws IOException, VirtqueueException {
        long features = device.driverFeatures();
        boolean anyReady = false;
        VqInfo[] infos = new VqInfo[spec.numQueues()];
        for (int q = 0; q < infos.length; q++) {
            infos[q] = device.vqInfo(q);
            anyReady |= infos[q].ready();
        }
        if (!anyReady) {
            log.accept("no queue is ready yet: waiting for the driver");
            return;
        }
        status = VirtioConfigH.VIRTIO_CONFIG_S_DRIVER_OK; // queues are live: the driver finished its set-up before
        boolean recovering = openLog(features);
        GuestMemory memory = iotlb.refresh();
        for (int q = 0; q < infos.length; q++) {
            VqInfo info = infos[q];
            if (!info.ready()) continue;
            configs[q] = queueConfig(info, features);
            trackers[q] = new QueueLogTracker(inflight.queue(q));
            int used = usedIdx(memory, info);
            if (!recovering) {
                startWorker(q, new QueueState(used, true, used, true));
                continue;
            }
            Recovery r = inflight.queue(q).recover(used);
            int[] heads = r.heads();
            int usedAfter = Resubmission.run(memory, configs[q], used, heads, trackers[q], servers[q]);
            if (heads.length > 0) firstCompleted(heads.length);
            // Always: the previous incarnation may have published completions and died before signalling them.
            device.injectIrqRaw(q);
            log.accept("queue " + q + ": resubmitted " + heads.length + " in-flight request(s) " + Arrays.toString(heads)
                    + ", used idx " + used + " -> " + usedAfter + ", next avail " + r.lastAvailIdx());
            startWorker(q, new QueueState(r.lastAvailIdx(), true, usedAfter, true));
        }
    }

    /** Opens the log of the previous incarnation; returns false (and starts a new one) when it cannot be used. */
    private boolean openLog(long features) throws IOException {
        String why;
        try {
            inflight = InflightLog.open(logPath);
            if (inflight.numQueues() == spec.numQueues() && inflight.queueSize() == spec.queueSize()
                    && inflight.features() == features && inflight.deviceName().equals(spec.name())) {
                return true;
            }
            why = "it describes another device (" + inflight.deviceName() + ", " + inflight.numQueues() + "x"
                    + inflight.queueSize() + ", features 0x" + Long.toHexString(inflight.features()) + ")";
            inflight.close();
        } catch (NoSuchFileException e) {
            why = "it does not exist";
        } catch (InflightLogCorruptException e) {
            why = "it is corrupt: " + e.getMessage();
        }
        log.accept("WARNING: cannot recover from in-flight log " + logPath + ": " + why
                + "; requests in flight at the crash, if any, are not resubmitted");
        inflight = InflightLog.create(logPath, spec.name(), spec.numQueues(), spec.queueSize(), features);
        return false;
    }

    private static QueueConfig queueConfig(VqInfo info, long features) {
        return new QueueConfig(info.num(), info.descAddr(), info.driverAddr(), info.deviceAddr(), features);
    }

    private static int usedIdx(GuestMemory memory, VqInfo info) throws VirtqueueException {
        return memory.translate(info.deviceAddr() + VringUsed.OFFSET_IDX, 2).get(U16, 0) & 0xffff;
    }

    private void startWorker(int q, QueueState state) throws VirtqueueException {
        device.setupKickFd(q, kickFds[q]); // per start: a device reset drops the kernel's kick eventfds
        workers[q] = new QueueWorker(q, device, iotlb, configs[q], state, trackers[q], servers[q], kickFds[q], log,
                () -> firstCompleted(0));
        workers[q].start();
    }

    private void firstCompleted(int resubmitted) {
        if (!firstCompletion.compareAndSet(false, true)) return;
        long ms = System.currentTimeMillis() - jvmStartMillis;
        log.accept("first request completed " + ms + " ms after the JVM started"
                + (reconnected ? " (reconnected, " + resubmitted + " resubmitted)" : ""));
    }

    private boolean anyRunning() {
        for (QueueWorker w : workers) if (w != null) return true;
        return false;
    }

    private void pauseWorkers() throws InterruptedException {
        for (int q = 0; q < workers.length; q++) {
            if (workers[q] == null) continue;
            paused[q] = workers[q].stop();
            workers[q] = null;
        }
    }

    private void resumeWorkers() throws VirtqueueException {
        iotlb.refresh();
        for (int q = 0; q < workers.length; q++) {
            if (paused[q] == null) continue;
            startWorker(q, paused[q]);
            paused[q] = null;
        }
    }

    private void stopWorkers() {
        try {
            pauseWorkers();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        FileIo.closeRaw(stopFd);
        for (int fd : kickFds) if (fd > 0) FileIo.closeRaw(fd);
    }
}
