package io.jvirtiod.vhostuser;

import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.vhost.VhostUserConfig;
import io.jvirtiod.binding.vhost.VhostUserH;
import io.jvirtiod.binding.vhost.VhostUserInflight;
import io.jvirtiod.binding.vhost.VhostUserMemory;
import io.jvirtiod.binding.vhost.VhostUserPayload;
import io.jvirtiod.binding.vhost.VhostUserVringAddr;
import io.jvirtiod.binding.vhost.VhostUserVringState;
import io.jvirtiod.binding.virtio.VringUsed;
import io.jvirtiod.inflight.InflightLogCorruptException;
import io.jvirtiod.inflight.QueueLog;
import io.jvirtiod.inflight.QueueLogTracker;
import io.jvirtiod.inflight.Recovery;
import io.jvirtiod.virtqueue.GuestMemory;
import io.jvirtiod.virtqueue.InflightTracker;
import io.jvirtiod.virtqueue.QueueConfig;
import io.jvirtiod.virtqueue.QueueState;
import io.jvirtiod.virtqueue.Virtqueue;
import io.jvirtiod.virtqueue.VirtqueueException;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import static io.jvirtiod.binding.vhost.VhostUserH.*;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * The vhost-user back-end state machine for one connection (QEMU docs/interop/vhost-user.rst): feature and
 * protocol-feature negotiation, ownership, the memory table, vring setup and start/stop, the shared in-flight
 * buffer, config space and reset; one method per request. Every request is checked against what the spec allows
 * at that point (payload size, fd count, ring index, queue size, addresses inside shared memory); anything else
 * is a {@link VhostUserProtocolException}, on which the connection is closed and the daemon carries on.
 *
 * <p>Threads: the connection thread calls {@link #handle}; each started ring runs on its own {@link VringWorker}.
 * The guest memory is only unmapped after every worker using it has stopped.
 */
public final class VhostUserBackend implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(VhostUserBackend.class.getName());

    /** Protocol features this back-end implements (vhost-user.rst "Protocol features"). */
    public static final long PROTOCOL_FEATURES = 1L << VHOST_USER_PROTOCOL_F_MQ
            | 1L << VHOST_USER_PROTOCOL_F_REPLY_ACK
            | 1L << VHOST_USER_PROTOCOL_F_CONFIG
            | 1L << VHOST_USER_PROTOCOL_F_INFLIGHT_SHMFD
            | 1L << VHOST_USER_PROTOCOL_F_RESET_DEVICE;

    private static final long F_PROTOCOL = 1L << VHOST_USER_F_PROTOCOL_FEATURES;
    /** Largest split ring (virtio 1.2 §2.7: "The maximum Queue Size value is 32768"). */
    private static final int MAX_QUEUE_SIZE = 32768;

    private final VhostUserDevice device;
    private final String name;
    private final VringState[] vrings;
    private long features;
    private boolean featuresSet;
    private long protocolFeatures;
    private boolean owner;
    private MemoryTable memory;
    private InflightRegion inflight;
    /** virtiofsd's --thread-pool-size (the device's {@link VhostUserDevice#poolThreads}), made at the first start. */
    private RequestPool pool;

    public VhostUserBackend(VhostUserDevice device, String name) {
        this.device = device;
        this.name = name;
        this.vrings = new VringState[device.numQueues()];
        for (int i = 0; i < vrings.length; i++) vrings[i] = new VringState(i);
    }

    /** Virtio features offered: the device's plus VHOST_USER_F_PROTOCOL_FEATURES. */
    public long offeredFeatures() {
        return device.features() | F_PROTOCOL;
    }

    /** Features the front-end acknowledged with SET_FEATURES. */
    public long ackedFeatures() {
        return features;
    }

    public long ackedProtocolFeatures() {
        return protocolFeatures;
    }

    /** True while ring {@code i} has a worker serving it. */
    public boolean running(int i) {
        return vrings[i].worker != null;
    }

    /** Chains served by ring {@code i}'s current worker (0 when stopped). */
    public long served(int i) {
        VringWorker w = vrings[i].worker;
        return w == null ? 0 : w.served();
    }

    private boolean protocolNegotiated() {
        return (features & F_PROTOCOL) != 0;
    }

    private boolean hasProtocolFeature(int bit) {
        return (protocolFeatures & 1L << bit) != 0;
    }

    /**
     * Handles one request whose bytes are in {@code m} and whose fds are in {@code ch}, replying on {@code ch}
     * where the spec says so (and with a REPLY_ACK status when asked). {@code reply} is scratch for the reply.
     */
    void handle(VhostUserMessage m, VhostUserChannel ch, VhostUserMessage reply) throws VhostUserProtocolException {
        int request = m.request();
        if ((m.flags() & VHOST_USER_REPLY_MASK) != 0) {
            throw new VhostUserProtocolException(requestName(request) + " has the reply flag set: a front-end sends requests");
        }
        String bad = m.checkPayloadSize();
        if (bad != null) throw new VhostUserProtocolException(bad);
        int fdsWanted = switch (request) {
            case VHOST_USER_SET_MEM_TABLE -> VhostUserMemory.nregions(m.payload());
            case VHOST_USER_SET_VRING_KICK, VHOST_USER_SET_VRING_CALL, VHOST_USER_SET_VRING_ERR ->
                    (m.u64() & VHOST_USER_VRING_NOFD_MASK) != 0 ? 0 : 1;
            case VHOST_USER_SET_INFLIGHT_FD -> 1;
            default -> 0;
        };
        if (ch.fdCount() != fdsWanted) {
            throw new VhostUserProtocolException(requestName(request) + " came with " + ch.fdCount()
                    + " file descriptors, expected " + fdsWanted);
        }
        int status = 0; // REPLY_ACK status of a request that has no reply of its own
        boolean hasReply = false;
        switch (request) {
            case VHOST_USER_GET_FEATURES -> {
                replyU64(ch, reply, request, offeredFeatures());
                hasReply = true;
            }
            case VHOST_USER_SET_FEATURES -> setFeatures(m.u64());
            case VHOST_USER_GET_PROTOCOL_FEATURES -> {
                replyU64(ch, reply, request, PROTOCOL_FEATURES);
                hasReply = true;
            }
            case VHOST_USER_SET_PROTOCOL_FEATURES -> setProtocolFeatures(m.u64());
            case VHOST_USER_SET_OWNER -> owner = true;
            case VHOST_USER_RESET_OWNER, VHOST_USER_RESET_DEVICE -> reset(request);
            case VHOST_USER_GET_QUEUE_NUM -> {
                requireProtocolFeature(request, VHOST_USER_PROTOCOL_F_MQ);
                replyU64(ch, reply, request, vrings.length);
                hasReply = true;
            }
            case VHOST_USER_SET_MEM_TABLE -> setMemTable(m, ch);
            case VHOST_USER_SET_VRING_NUM -> setVringNum(m.payload());
            case VHOST_USER_SET_VRING_ADDR -> setVringAddr(m.payload());
            case VHOST_USER_SET_VRING_BASE -> setVringBase(m.payload());
            case VHOST_USER_GET_VRING_BASE -> {
                getVringBase(m.payload(), ch, reply);
                hasReply = true;
            }
            case VHOST_USER_SET_VRING_KICK, VHOST_USER_SET_VRING_CALL, VHOST_USER_SET_VRING_ERR ->
                    setVringFd(request, m.u64(), ch);
            case VHOST_USER_SET_VRING_ENABLE -> setVringEnable(m.payload());
            case VHOST_USER_GET_CONFIG -> {
                getConfig(m, ch, reply);
                hasReply = true;
            }
            case VHOST_USER_SET_CONFIG -> status = setConfig(m);
            case VHOST_USER_GET_INFLIGHT_FD -> {
                getInflightFd(m.payload(), ch, reply);
                hasReply = true;
            }
            case VHOST_USER_SET_INFLIGHT_FD -> setInflightFd(m.payload(), ch);
            default -> throw new VhostUserProtocolException(requestName(request)
                    + " is not supported by this back-end (its protocol feature was not offered)");
        }
        // vhost-user.rst "REPLY_ACK": with the feature negotiated and need_reply set, a request without a reply of
        // its own is answered with a u64: 0 for success, non-zero for failure.
        if (!hasReply && m.needsReply() && hasProtocolFeature(VHOST_USER_PROTOCOL_F_REPLY_ACK)) {
            replyU64(ch, reply, request, status);
        }
    }

    private void requireProtocolFeature(int request, int bit) throws VhostUserProtocolException {
        if (!hasProtocolFeature(bit)) {
            throw new VhostUserProtocolException(requestName(request) + " without protocol feature " + bit
                    + " negotiated (vhost-user.rst)");
        }
    }

    private static void replyU64(VhostUserChannel ch, VhostUserMessage reply, int request, long value)
            throws VhostUserProtocolException {
        reply.reply(request, 8);
        VhostUserPayload.u64(reply.payload(), value);
        ch.send(reply, -1);
    }

    // ---- features --------------------------------------------------------------------------------

    private void setFeatures(long wanted) throws VhostUserProtocolException {
        long unknown = wanted & ~offeredFeatures();
        if (unknown != 0) {
            throw new VhostUserProtocolException("SET_FEATURES 0x" + Long.toHexString(wanted) + " acknowledges bits 0x"
                    + Long.toHexString(unknown) + " that were not offered (virtio 1.2 §2.2: the driver must not"
                    + " accept a feature the device did not offer)");
        }
        for (VringState v : vrings) {
            if (v.worker != null && ((features ^ wanted) & ~F_PROTOCOL) != 0) {
                throw new VhostUserProtocolException("SET_FEATURES changes ring features while vring " + v.index
                        + " runs");
            }
        }
        features = wanted;
        featuresSet = true;
        // vhost-user.rst "Ring states": without VHOST_USER_F_PROTOCOL_FEATURES a ring starts enabled.
        if (!protocolNegotiated()) {
            for (VringState v : vrings) v.enabled = true;
        }
    }

    private void setProtocolFeatures(long wanted) throws VhostUserProtocolException {
        long unknown = wanted & ~PROTOCOL_FEATURES;
        if (unknown != 0) {
            throw new VhostUserProtocolException("SET_PROTOCOL_FEATURES 0x" + Long.toHexString(wanted)
                    + " acknowledges bits 0x" + Long.toHexString(unknown) + " that were not offered");
        }
        protocolFeatures = wanted;
    }

    // ---- memory ----------------------------------------------------------------------------------

    private void setMemTable(VhostUserMessage m, VhostUserChannel ch) throws VhostUserProtocolException {
        int n = VhostUserMemory.nregions(m.payload());
        int[] fds = new int[n];
        for (int i = 0; i < n; i++) fds[i] = ch.takeFd(i);
        MemoryTable next = MemoryTable.map(m.payload(), fds);
        // Queues that run on the old table are stopped, the table swapped, and they resume where they were.
        boolean[] wasRunning = new boolean[vrings.length];
        for (VringState v : vrings) {
            if (v.worker != null) {
                wasRunning[v.index] = true;
                v.base = stopWorker(v).nextAvail();
            }
        }
        MemoryTable old = memory;
        memory = next;
        if (old != null) old.close();
        LOG.log(System.Logger.Level.DEBUG, name + ": memory table of " + n + " regions");
        for (VringState v : vrings) {
            if (wasRunning[v.index]) startIfReady(v);
        }
    }

    // ---- vrings ----------------------------------------------------------------------------------

    private VringState vring(int request, int index) throws VhostUserProtocolException {
        if (index < 0 || index >= vrings.length) {
            throw new VhostUserProtocolException(requestName(request) + " for vring " + Integer.toUnsignedString(index)
                    + ", but the device has " + vrings.length + " queues");
        }
        return vrings[index];
    }

    private VringState stoppedVring(int request, int index) throws VhostUserProtocolException {
        VringState v = vring(request, index);
        if (v.worker != null) {
            throw new VhostUserProtocolException(requestName(request) + " for vring " + index
                    + " while it runs (vhost-user.rst: stop it with GET_VRING_BASE first)");
        }
        return v;
    }

    private void setVringNum(MemorySegment p) throws VhostUserProtocolException {
        VringState v = stoppedVring(VHOST_USER_SET_VRING_NUM, VhostUserVringState.index(p));
        int num = VhostUserVringState.num(p);
        if (num <= 0 || num > MAX_QUEUE_SIZE || Integer.bitCount(num) != 1) {
            throw new VhostUserProtocolException("SET_VRING_NUM " + Integer.toUnsignedString(num) + " for vring "
                    + v.index + ": a split queue size is a power of 2 up to 32768 (virtio 1.2 §2.7)");
        }
        v.num = num;
    }

    private void setVringAddr(MemorySegment p) throws VhostUserProtocolException {
        VringState v = stoppedVring(VHOST_USER_SET_VRING_ADDR, VhostUserVringAddr.index(p));
        if (memory == null) throw new VhostUserProtocolException("SET_VRING_ADDR before SET_MEM_TABLE");
        if ((VhostUserVringAddr.flags(p) & 1 << VHOST_USER_VRING_F_LOG) != 0) {
            throw new VhostUserProtocolException("SET_VRING_ADDR asks for dirty logging, which was not offered"
                    + " (no VHOST_F_LOG_ALL / LOG_SHMFD)");
        }
        long desc = translate(v, "descriptor table", VhostUserVringAddr.desc_user_addr(p));
        long avail = translate(v, "avail ring", VhostUserVringAddr.avail_user_addr(p));
        long used = translate(v, "used ring", VhostUserVringAddr.used_user_addr(p));
        v.desc = desc;
        v.avail = avail;
        v.used = used;
        v.addressed = true;
    }

    private long translate(VringState v, String what, long user) throws VhostUserProtocolException {
        long gpa = memory.userToGuest(user);
        if (gpa == -1) {
            throw new VhostUserProtocolException("SET_VRING_ADDR: vring " + v.index + "'s " + what + " at front-end"
                    + " address 0x" + Long.toHexString(user) + " is in no region of the memory table");
        }
        return gpa;
    }

    private void setVringBase(MemorySegment p) throws VhostUserProtocolException {
        VringState v = stoppedVring(VHOST_USER_SET_VRING_BASE, VhostUserVringState.index(p));
        int base = VhostUserVringState.num(p);
        if ((base & ~0xffff) != 0) { // split rings: the next avail index, a 16-bit counter
            throw new VhostUserProtocolException("SET_VRING_BASE " + Integer.toUnsignedString(base) + " for vring "
                    + v.index + " is not a 16-bit split ring index");
        }
        v.base = base;
    }

    private void getVringBase(MemorySegment p, VhostUserChannel ch, VhostUserMessage reply)
            throws VhostUserProtocolException {
        VringState v = vring(VHOST_USER_GET_VRING_BASE, VhostUserVringState.index(p));
        // vhost-user.rst: "Stops the vring and returns the current descriptor index".
        if (v.worker != null) v.base = stopWorker(v).nextAvail();
        v.started = false;
        v.kickPolled = false;
        v.kickFd = VringState.replace(v.kickFd, -1);
        v.callFd = VringState.replace(v.callFd, -1);
        reply.reply(VHOST_USER_GET_VRING_BASE, (int) VhostUserVringState.SIZE);
        VhostUserVringState.index(reply.payload(), v.index);
        VhostUserVringState.num(reply.payload(), v.base);
        ch.send(reply, -1);
    }

    private void setVringFd(int request, long u64, VhostUserChannel ch) throws VhostUserProtocolException {
        if ((u64 & ~(long) (VHOST_USER_VRING_IDX_MASK | VHOST_USER_VRING_NOFD_MASK)) != 0) {
            throw new VhostUserProtocolException(requestName(request) + " payload 0x" + Long.toHexString(u64)
                    + " has bits besides the index (0-7) and the no-fd flag (8)");
        }
        VringState v = vring(request, (int) (u64 & VHOST_USER_VRING_IDX_MASK));
        boolean nofd = (u64 & VHOST_USER_VRING_NOFD_MASK) != 0;
        int fd = nofd ? -1 : ch.takeFd(0);
        // A running ring's fds change under its worker only after it stopped, so no write hits a closed fd.
        boolean resume = false;
        if (v.worker != null) {
            v.base = stopWorker(v).nextAvail();
            resume = true;
        }
        switch (request) {
            case VHOST_USER_SET_VRING_KICK -> {
                v.kickFd = VringState.replace(v.kickFd, fd);
                v.kickPolled = nofd;
                v.started = true; // vhost-user.rst "Ring states": a ring starts when it gets its kick
                resume = true;
            }
            case VHOST_USER_SET_VRING_CALL -> v.callFd = VringState.replace(v.callFd, fd);
            default -> v.errFd = VringState.replace(v.errFd, fd);
        }
        if (resume) startIfReady(v);
    }

    private void setVringEnable(MemorySegment p) throws VhostUserProtocolException {
        VringState v = vring(VHOST_USER_SET_VRING_ENABLE, VhostUserVringState.index(p));
        if (!protocolNegotiated()) {
            throw new VhostUserProtocolException("SET_VRING_ENABLE without VHOST_USER_F_PROTOCOL_FEATURES negotiated"
                    + " (vhost-user.rst: \"only used if VHOST_USER_F_PROTOCOL_FEATURES has been negotiated\")");
        }
        int enable = VhostUserVringState.num(p);
        if (enable != 0 && enable != 1) {
            throw new VhostUserProtocolException("SET_VRING_ENABLE " + Integer.toUnsignedString(enable) + " for vring "
                    + v.index + ": must be 0 or 1");
        }
        v.enabled = enable == 1;
        if (!v.enabled && v.worker != null) {
            v.base = stopWorker(v).nextAvail();
        } else if (v.enabled) {
            startIfReady(v);
        }
    }

    /** Starts a worker for {@code v} if it is started, enabled and fully described. */
    private void startIfReady(VringState v) throws VhostUserProtocolException {
        if (v.worker != null || !v.started || !v.enabled) return;
        if (memory == null || !v.addressed || v.num == 0 || !featuresSet) {
            throw new VhostUserProtocolException("vring " + v.index + " was kicked before it was set up (memory table "
                    + (memory != null) + ", address " + v.addressed + ", size " + v.num + ", features "
                    + featuresSet + ")");
        }
        GuestMemory gm = memory.guestMemory();
        QueueConfig config = new QueueConfig(v.num, v.desc, v.avail, v.used, features & ~F_PROTOCOL);
        int usedIdx;
        MemorySegment usedRing = gm.translateOrNull(v.used, VringUsed.OFFSET_IDX + 2);
        if (usedRing == null) {
            throw new VhostUserProtocolException("vring " + v.index + "'s used ring 0x" + Long.toHexString(v.used)
                    + " is outside guest memory");
        }
        // vhost-user.rst SET_VRING_BASE: for a split ring "the device is supposed to read the next index in the
        // used ring from the respective vring structure in guest memory".
        usedIdx = usedRing.get(JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), VringUsed.OFFSET_IDX) & 0xffff;
        int nextAvail = v.base;
        InflightTracker tracker = InflightTracker.NONE;
        if (inflight != null && v.index < inflight.log().numQueues() && inflight.log().queueSize() == v.num) {
            QueueLog ql = inflight.log().queue(v.index);
            try {
                Recovery r = ql.recover(usedIdx);
                if (r.heads().length > 0) {
                    // Each ring is served in order, so what was in flight is exactly avail[used idx ..]: fetch it again.
                    LOG.log(System.Logger.Level.INFO, name + ": vring " + v.index + " resubmits " + r.heads().length
                            + " requests in flight before the restart: " + r.headList());
                    nextAvail = usedIdx;
                }
                tracker = new QueueLogTracker(ql);
            } catch (InflightLogCorruptException e) {
                LOG.log(System.Logger.Level.WARNING, name + ": vring " + v.index + " runs without in-flight tracking: "
                        + e.getMessage());
            }
        }
        Virtqueue q;
        try {
            q = Virtqueue.open(gm, config, new QueueState(nextAvail, true, usedIdx, true), tracker);
        } catch (VirtqueueException e) {
            throw new VhostUserProtocolException("vring " + v.index + ": " + e.getMessage());
        }
        if (device.poolThreads() > 0 && pool == null) {
            pool = new RequestPool(name, device.poolThreads(), device::openPoolHandler);
        }
        VringWorker w = pool != null
                ? new VringWorker(name + "-vq" + v.index, q, null, pool, v.kickPolled ? -1 : v.kickFd, v.callFd,
                v.errFd)
                : new VringWorker(name + "-vq" + v.index, q, device.openQueue(v.index), v.kickPolled ? -1 : v.kickFd,
                v.callFd, v.errFd);
        v.worker = w;
        w.start();
        LOG.log(System.Logger.Level.DEBUG, name + ": vring " + v.index + " started (size " + v.num + ", avail "
                + nextAvail + ", used " + usedIdx + ")");
    }

    private QueueState stopWorker(VringState v) {
        QueueState s = v.worker.stop();
        v.worker = null;
        return s;
    }

    // ---- config ----------------------------------------------------------------------------------

    private void getConfig(VhostUserMessage m, VhostUserChannel ch, VhostUserMessage reply)
            throws VhostUserProtocolException {
        requireProtocolFeature(VHOST_USER_GET_CONFIG, VHOST_USER_PROTOCOL_F_CONFIG);
        MemorySegment p = m.payload();
        int offset = VhostUserConfig.offset(p);
        int size = VhostUserConfig.size(p);
        MemorySegment config = device.config();
        if (offset < 0 || offset > config.byteSize() || size > config.byteSize() - offset) {
            throw new VhostUserProtocolException("GET_CONFIG of " + size + " bytes at offset " + Integer.toUnsignedString(offset)
                    + " is outside the " + config.byteSize() + "-byte config space");
        }
        reply.reply(VHOST_USER_GET_CONFIG, VhostUserMessage.CONFIG_HEADER + size);
        MemorySegment r = reply.payload();
        VhostUserConfig.offset(r, offset);
        VhostUserConfig.size(r, size);
        VhostUserConfig.flags(r, 0);
        MemorySegment.copy(config, offset, VhostUserConfig.region(r), 0, size);
        ch.send(reply, -1);
    }

    private int setConfig(VhostUserMessage m) throws VhostUserProtocolException {
        requireProtocolFeature(VHOST_USER_SET_CONFIG, VHOST_USER_PROTOCOL_F_CONFIG);
        // The virtio-fs config space is read-only for the driver (virtio 1.2 §5.11.4); refuse, keep the connection.
        LOG.log(System.Logger.Level.WARNING, name + ": SET_CONFIG refused: the config space is read-only");
        return 1;
    }

    // ---- in-flight buffer ------------------------------------------------------------------------

    private void getInflightFd(MemorySegment p, VhostUserChannel ch, VhostUserMessage reply)
            throws VhostUserProtocolException {
        requireProtocolFeature(VHOST_USER_GET_INFLIGHT_FD, VHOST_USER_PROTOCOL_F_INFLIGHT_SHMFD);
        int numQueues = Short.toUnsignedInt(VhostUserInflight.num_queues(p));
        int queueSize = Short.toUnsignedInt(VhostUserInflight.queue_size(p));
        if (numQueues < 1 || numQueues > vrings.length) {
            throw new VhostUserProtocolException("GET_INFLIGHT_FD for " + numQueues + " queues; the device has "
                    + vrings.length);
        }
        InflightRegion next = InflightRegion.create(numQueues, queueSize);
        replaceInflight(next);
        reply.reply(VHOST_USER_GET_INFLIGHT_FD, (int) VhostUserInflight.SIZE);
        MemorySegment r = reply.payload();
        r.asSlice(0, VhostUserInflight.SIZE).fill((byte) 0);
        VhostUserInflight.mmap_size(r, next.size());
        VhostUserInflight.mmap_offset(r, 0);
        VhostUserInflight.num_queues(r, (short) numQueues);
        VhostUserInflight.queue_size(r, (short) queueSize);
        ch.send(reply, next.fd());
    }

    private void setInflightFd(MemorySegment p, VhostUserChannel ch) throws VhostUserProtocolException {
        requireProtocolFeature(VHOST_USER_SET_INFLIGHT_FD, VHOST_USER_PROTOCOL_F_INFLIGHT_SHMFD);
        int fd = ch.takeFd(0);
        int numQueues = Short.toUnsignedInt(VhostUserInflight.num_queues(p));
        if (numQueues < 1 || numQueues > vrings.length) {
            FileIo.closeRaw(fd);
            throw new VhostUserProtocolException("SET_INFLIGHT_FD for " + numQueues + " queues; the device has "
                    + vrings.length);
        }
        replaceInflight(InflightRegion.attach(fd, VhostUserInflight.mmap_size(p), VhostUserInflight.mmap_offset(p),
                numQueues, Short.toUnsignedInt(VhostUserInflight.queue_size(p))));
    }

    private void replaceInflight(InflightRegion next) throws VhostUserProtocolException {
        for (VringState v : vrings) {
            if (v.worker != null) {
                next.close();
                throw new VhostUserProtocolException("the in-flight buffer changes while vring " + v.index + " runs");
            }
        }
        if (inflight != null) inflight.close();
        inflight = next;
    }

    // ---- reset -----------------------------------------------------------------------------------

    private void reset(int request) {
        LOG.log(System.Logger.Level.INFO, name + ": " + requestName(request) + ": device reset");
        stopAll();
        for (VringState v : vrings) v.reset();
        features = 0;
        featuresSet = false;
        // RESET_DEVICE keeps the negotiated protocol features (vhost-user.rst: "... without affecting the
        // protocol features"); RESET_OWNER forgets ownership too.
        if (request == VHOST_USER_RESET_OWNER) owner = false;
        closePool();
        device.reset();
    }

    private void stopAll() {
        for (VringState v : vrings) {
            if (v.worker != null) v.base = stopWorker(v).nextAvail();
        }
    }

    /** With every ring stopped: the pool's handlers belong to the device's session, which a reset replaces. */
    private void closePool() {
        if (pool != null) pool.close();
        pool = null;
    }

    /** Ends the connection: stops every ring, closes every fd, unmaps guest memory and the in-flight buffer. */
    @Override
    public void close() {
        stopAll();
        for (VringState v : vrings) v.reset();
        if (memory != null) memory.close();
        memory = null;
        if (inflight != null) inflight.close();
        inflight = null;
        closePool();
        device.reset();
    }

    /** Whether SET_OWNER was received (informational: a single front-end per connection owns the device). */
    public boolean owned() {
        return owner;
    }

    /** The error that stopped ring {@code i}'s worker, or null. */
    public VirtqueueException ringError(int i) {
        VringWorker w = vrings[i].worker;
        return w == null ? null : w.error();
    }

    static String requestName(int request) {
        return VhostUserH.requestName(request);
    }
}
