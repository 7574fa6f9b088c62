package io.jvirtiod.inflight;

import io.jvirtiod.binding.vhost.VhostInflightH;
import io.jvirtiod.binding.vhost.VhostInflightQueueSplit;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The in-flight request log of one device: what lets a killed or upgraded daemon restart and finish every
 * request the guest submitted. Each queue's record is the vhost-user split "inflight" region, byte for byte
 * as QEMU and libvhost-user lay it out, so the same code serves two homes:
 * <ul>
 *   <li>VDUSE: our own file ({@link #create}/{@link #open}), a {@link LogHeader header} (device, geometry,
 *       features, generation, per-queue resume slots) followed by the queue regions, page-aligned so the
 *       region area could also be handed to QEMU by fd and offset;</li>
 *   <li>vhost-user: the shared buffer exchanged with VHOST_USER_GET/SET_INFLIGHT_FD
 *       ({@link #overMemory}), just the queue regions.</li>
 * </ul>
 * One daemon at a time: an open log holds the file's exclusive lock.
 *
 * <p>Durability: the file is mapped MAP_SHARED, so every store is in the page cache the moment it is made and
 * survives the process being killed (SIGKILL, OOM kill, crash). Surviving a power loss or kernel crash is out
 * of scope unless {@link #force()} (msync) is called, which the per-request path never does.
 */
public final class InflightLog implements AutoCloseable {
    /** Largest split virtqueue (virtio 1.2 §2.7: "The maximum Queue Size value is 32768"). */
    public static final int MAX_QUEUE_SIZE = 32768;
    /** VhostUserInflight.num_queues is a u16. */
    public static final int MAX_QUEUES = 0xffff;
    /** VIRTIO_F_RING_PACKED: packed rings need the spec's QueueRegionPacked, which this log does not implement. */
    public static final int VIRTIO_F_RING_PACKED = 34;

    private final String source;
    private final Arena arena;       // null when the memory belongs to the caller
    private final MemorySegment all; // whole mapping
    private final MemorySegment header; // null over a vhost-user shared buffer
    private final int numQueues;
    private final int queueSize;
    private final long features;
    private final String deviceName;
    private final QueueLog[] queues;
    private FileChannel channel; // holds the file lock; null over a shared buffer
    private boolean closed;

    private InflightLog(String source, Arena arena, MemorySegment all, MemorySegment header, long regionsOffset,
                        int numQueues, int queueSize, long features, String deviceName, boolean mustRecover) {
        this.source = source;
        this.arena = arena;
        this.all = all;
        this.header = header;
        this.numQueues = numQueues;
        this.queueSize = queueSize;
        this.features = features;
        this.deviceName = deviceName;
        long stride = VhostInflightH.splitQueueRegionSize(queueSize);
        this.queues = new QueueLog[numQueues];
        for (int q = 0; q < numQueues; q++) {
            MemorySegment region = all.asSlice(regionsOffset + q * stride, stride);
            MemorySegment slot = header == null ? null : header.asSlice(LogHeader.slotOffset(q), LogHeader.SLOT_SIZE);
            queues[q] = new QueueLog(source, q, queueSize, region, slot, mustRecover);
        }
    }

    /** Bytes of the vhost-user shared buffer for this geometry (VhostUserInflight.mmap_size). */
    public static long sharedBufferSize(int numQueues, int queueSize) {
        checkGeometry(numQueues, queueSize);
        return numQueues * VhostInflightH.splitQueueRegionSize(queueSize);
    }

    /** Bytes of a log file for this geometry. */
    public static long fileSize(int numQueues, int queueSize) {
        return LogHeader.headerSize(numQueues) + sharedBufferSize(numQueues, queueSize);
    }

    /**
     * Creates an empty log for a device whose driver negotiated {@code features}, replacing any log at
     * {@code path} atomically (written beside it, synced, renamed over it): a crash leaves the old log or the
     * new one, never a torn header. Call it when the driver (re)initializes the device; the old requests are
     * then void (a device reset discards them). A log still open (locked), here or elsewhere, is not replaced.
     */
    public static InflightLog create(Path path, String deviceName, int numQueues, int queueSize, long features)
            throws IOException {
        checkGeometry(numQueues, queueSize);
        if ((features & (1L << VIRTIO_F_RING_PACKED)) != 0) {
            throw new IllegalArgumentException("features 0x" + Long.toHexString(features) + " include"
                    + " VIRTIO_F_RING_PACKED: packed rings need vhost-user's QueueRegionPacked, not implemented");
        }
        byte[] name = deviceName.getBytes(StandardCharsets.UTF_8);
        if (name.length >= LogHeader.DEVICE_NAME_MAX || deviceName.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("device name of " + name.length + " UTF-8 bytes: at most "
                    + (LogHeader.DEVICE_NAME_MAX - 1) + " without NUL (VDUSE_NAME_MAX)");
        }
        long size = fileSize(numQueues, queueSize);
        long stride = VhostInflightH.splitQueueRegionSize(queueSize);
        long regionsOffset = LogHeader.headerSize(numQueues);
        Path tmp = path.resolveSibling(path.getFileName() + ".new");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
             Arena a = Arena.ofConfined()) {
            ch.truncate(0);
            MemorySegment m = ch.map(FileChannel.MapMode.READ_WRITE, 0, size, a);
            m.fill((byte) 0);
            LogHeader.writeIdentity(m, deviceName, numQueues, queueSize, stride, features, size);
            LogHeader.setGeneration(m, 1);
            for (int q = 0; q < numQueues; q++) {
                initRegion(m.asSlice(regionsOffset + q * stride, stride), queueSize, 0);
            }
            m.force();
        }
        if (Files.exists(path)) {
            // Never pull the log from under a daemon still serving the device (close an old log first).
            try (FileChannel old = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                lock(old, path.toString());
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
        } else {
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
        }
        return map(path, false);
    }

    /**
     * Opens an existing log after a restart, validating all of it (header identity and checksum, sizes
     * against the file length, every queue region) and counting one more generation. Each queue must then be
     * {@link QueueLog#recover recovered} before it is used.
     *
     * @throws InflightLogCorruptException naming the field and the bad value, when anything is wrong
     */
    public static InflightLog open(Path path) throws IOException {
        return map(path, true);
    }

    /**
     * Uses a vhost-user shared in-flight buffer (VHOST_USER_SET_INFLIGHT_FD, mapped by the caller, who keeps
     * owning it): {@code numQueues} regions of {@link VhostInflightH#splitQueueRegionSize}. Every region other
     * than version 0 ("an uninitialized buffer", vhost-user.rst) is validated now; each queue must then be
     * {@link QueueLog#recover recovered} before use, which initializes an uninitialized region empty at the
     * used ring's idx.
     */
    public static InflightLog overMemory(MemorySegment shm, int numQueues, int queueSize) {
        checkGeometry(numQueues, queueSize);
        String source = "vhost-user in-flight buffer";
        long need = sharedBufferSize(numQueues, queueSize);
        if (shm.byteSize() < need) {
            throw new InflightLogCorruptException(source, "mmap_size", shm.byteSize(),
                    "is too small for " + numQueues + " queues of " + queueSize + " (needs " + need + " bytes)");
        }
        if (shm.address() % VhostInflightH.VHOST_INFLIGHT_ALIGNMENT != 0) {
            throw new IllegalArgumentException("shared buffer at 0x" + Long.toHexString(shm.address())
                    + " is not " + VhostInflightH.VHOST_INFLIGHT_ALIGNMENT + "-byte aligned");
        }
        long stride = VhostInflightH.splitQueueRegionSize(queueSize);
        for (int q = 0; q < numQueues; q++) {
            MemorySegment r = shm.asSlice(q * stride, stride);
            int version = VhostInflightQueueSplit.version(r);
            if (version != 0) { // 0: initialized by QueueLog.recover, which knows the used ring idx
                checkVersion(source, q, version);
                QueueRegionCheck.check(source, q, r, queueSize);
            }
        }
        return new InflightLog(source, null, shm, null, 0, numQueues, queueSize, 0, "", true);
    }

    /**
     * Makes {@code r} an empty region whose used_idx is the used ring's {@code usedIdx}; version is stored
     * last, so a region killed half-way is still "uninitialized" and is initialized again.
     */
    static void initRegion(MemorySegment r, int queueSize, int usedIdx) {
        r.fill((byte) 0);
        VhostInflightQueueSplit.setFeatures(r, 0); // "Now it's initialized to 0"
        VhostInflightQueueSplit.setDescNum(r, queueSize);
        VhostInflightQueueSplit.setUsedIdxRelease(r, usedIdx);
        VhostInflightQueueSplit.setVersionRelease(r, VhostInflightH.VHOST_INFLIGHT_VERSION);
    }

    private static void checkVersion(String source, int q, int version) {
        if (version != VhostInflightH.VHOST_INFLIGHT_VERSION) {
            throw new InflightLogCorruptException(source, "queue " + q + " version", version,
                    "must be " + VhostInflightH.VHOST_INFLIGHT_VERSION + " (vhost-user.rst: \"It's 1 currently\")");
        }
    }

    /** Maps and validates the file; {@code reopen}: a restart (count a generation, queues must recover). */
    private static InflightLog map(Path path, boolean reopen) throws IOException {
        String source = path.toString();
        Arena arena = Arena.ofShared();
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            lock(ch, source);
            long length = ch.size();
            if (length < LogHeader.MIN_SIZE) {
                throw new InflightLogCorruptException(source, "file length", length,
                        "is shorter than the " + LogHeader.MIN_SIZE + "-byte header: truncated");
            }
            MemorySegment all = ch.map(FileChannel.MapMode.READ_WRITE, 0, length, arena);
            InflightLog log = validate(source, arena, all, length, reopen);
            if (reopen) LogHeader.setGeneration(all, LogHeader.generation(all) + 1);
            log.channel = ch;
            return log;
        } catch (RuntimeException | IOException | Error e) {
            arena.close();
            ch.close();
            throw e;
        }
    }

    /**
     * Takes the file's exclusive lock for as long as the log is open: two daemons resuming the same device
     * would complete its requests twice. The kernel drops the lock when its holder dies, even by SIGKILL.
     * It is a POSIX record lock (what FileChannel uses): closing any other descriptor of the file in this
     * process drops it too, so the daemon opens the log through this class only.
     */
    private static void lock(FileChannel ch, String source) throws IOException {
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new IOException(source + " is locked: another daemon (or this one) has this in-flight log open");
        }
    }

    private static InflightLog validate(String source, Arena arena, MemorySegment h, long length,
                                        boolean mustRecover) {
        long magic = h.get(JAVA_LONG, LogHeader.OFFSET_MAGIC);
        if (magic != LogHeader.MAGIC) {
            throw new InflightLogCorruptException(source, "magic", QueueRegionCheck.hex(magic),
                    "is not " + QueueRegionCheck.hex(LogHeader.MAGIC) + " (\"JVIOINFL\"): not a jvirtiod in-flight"
                            + " log, or written on a host of the other byte order");
        }
        int version = h.get(JAVA_INT, LogHeader.OFFSET_FORMAT_VERSION);
        if (version != LogHeader.FORMAT_VERSION) {
            throw new InflightLogCorruptException(source, "format_version", version,
                    "this daemon reads format " + LogHeader.FORMAT_VERSION + " only");
        }
        int crc = h.get(JAVA_INT, LogHeader.OFFSET_CRC);
        int actual = LogHeader.crc(h);
        if (crc != actual) {
            throw new InflightLogCorruptException(source, "crc32c", hex32(crc), "the header's bytes [0, "
                    + LogHeader.IDENTITY_SIZE + ") checksum to " + hex32(actual) + ": the header is corrupt");
        }
        // The checksum only proves the header is as written; a consistent header is checked too.
        int numQueues = LogHeader.numQueues(h);
        if (numQueues < 1 || numQueues > MAX_QUEUES) {
            throw new InflightLogCorruptException(source, "num_queues", numQueues, "must be 1.." + MAX_QUEUES);
        }
        int queueSize = LogHeader.queueSize(h);
        if (queueSize < 1 || queueSize > MAX_QUEUE_SIZE || Integer.bitCount(queueSize) != 1) {
            throw new InflightLogCorruptException(source, "queue_size", queueSize,
                    "must be a power of two up to " + MAX_QUEUE_SIZE + " (virtio 1.2 §2.7)");
        }
        long headerSize = LogHeader.headerSizeField(h);
        if (headerSize != LogHeader.headerSize(numQueues)) {
            throw new InflightLogCorruptException(source, "header_size", headerSize,
                    "must be " + LogHeader.headerSize(numQueues) + " for " + numQueues + " queues");
        }
        long stride = h.get(JAVA_INT, LogHeader.OFFSET_REGION_STRIDE) & 0xffffffffL;
        if (stride != VhostInflightH.splitQueueRegionSize(queueSize)) {
            throw new InflightLogCorruptException(source, "region_stride", stride, "must be "
                    + VhostInflightH.splitQueueRegionSize(queueSize) + " for queue size " + queueSize);
        }
        long fileSize = h.get(JAVA_LONG, LogHeader.OFFSET_FILE_SIZE);
        if (fileSize != fileSize(numQueues, queueSize)) {
            throw new InflightLogCorruptException(source, "file_size", fileSize, "must be "
                    + fileSize(numQueues, queueSize) + " for " + numQueues + " queues of " + queueSize);
        }
        if (length != fileSize) {
            throw new InflightLogCorruptException(source, "file length", length, "the header records "
                    + fileSize + " bytes: " + (length < fileSize ? "truncated" : "extended"));
        }
        long features = LogHeader.features(h);
        if ((features & (1L << VIRTIO_F_RING_PACKED)) != 0) {
            throw new InflightLogCorruptException(source, "features", QueueRegionCheck.hex(features),
                    "include VIRTIO_F_RING_PACKED, which this log never records");
        }
        String name = LogHeader.deviceName(h);
        if (name == null) {
            throw new InflightLogCorruptException(source, "device_name", "(undecodable)",
                    "must be NUL-terminated UTF-8 padded with zeros");
        }
        long bad = LogHeader.firstNonZero(h, LogHeader.OFFSET_RESERVED, LogHeader.IDENTITY_SIZE - LogHeader.OFFSET_RESERVED);
        if (bad < 0) bad = LogHeader.firstNonZero(h, LogHeader.OFFSET_GENERATION + 8, LogHeader.OFFSET_SLOTS - LogHeader.OFFSET_GENERATION - 8);
        if (bad >= 0) {
            throw new InflightLogCorruptException(source, "reserved header byte at offset " + bad,
                    QueueRegionCheck.hex(h.get(java.lang.foreign.ValueLayout.JAVA_BYTE, bad) & 0xff), "must be zero");
        }
        long generation = LogHeader.generation(h);
        if (generation < 1) {
            throw new InflightLogCorruptException(source, "generation", Long.toUnsignedString(generation),
                    "starts at 1 and only counts up");
        }
        for (int q = 0; q < numQueues; q++) {
            MemorySegment slot = h.asSlice(LogHeader.slotOffset(q), LogHeader.SLOT_SIZE);
            long b = LogHeader.firstNonZero(slot, LogHeader.SLOT_RESERVED0, LogHeader.SLOT_NEXT_COUNTER - LogHeader.SLOT_RESERVED0);
            if (b < 0) b = LogHeader.firstNonZero(slot, LogHeader.SLOT_RESERVED1, LogHeader.SLOT_SIZE - LogHeader.SLOT_RESERVED1);
            if (b >= 0) {
                throw new InflightLogCorruptException(source, "queue " + q + " slot reserved byte " + b,
                        QueueRegionCheck.hex(slot.get(java.lang.foreign.ValueLayout.JAVA_BYTE, b) & 0xff), "must be zero");
            }
            if (LogHeader.slotNextCounter(slot) < 0) {
                throw new InflightLogCorruptException(source, "queue " + q + " next_counter",
                        Long.toUnsignedString(LogHeader.slotNextCounter(slot)), "cannot reach 2^63");
            }
            MemorySegment r = h.asSlice(headerSize + q * stride, stride);
            checkVersion(source, q, VhostInflightQueueSplit.version(r));
            QueueRegionCheck.check(source, q, r, queueSize);
        }
        return new InflightLog(source, arena, h, h, headerSize, numQueues, queueSize, features, name, mustRecover);
    }

    private static void checkGeometry(int numQueues, int queueSize) {
        if (numQueues < 1 || numQueues > MAX_QUEUES) {
            throw new IllegalArgumentException("num_queues " + numQueues + " must be 1.." + MAX_QUEUES);
        }
        if (queueSize < 1 || queueSize > MAX_QUEUE_SIZE || Integer.bitCount(queueSize) != 1) {
            throw new IllegalArgumentException("queue size " + queueSize + " must be a power of two up to "
                    + MAX_QUEUE_SIZE + " (virtio 1.2 §2.7)");
        }
    }

    private static String hex32(int v) {
        return "0x" + Integer.toHexString(v);
    }

    /** Queue {@code q}'s record. */
    public QueueLog queue(int q) {
        if (q < 0 || q >= numQueues) {
            throw new IndexOutOfBoundsException("queue " + q + " of a log with " + numQueues + " queues");
        }
        return queues[q];
    }

    public int numQueues() {
        return numQueues;
    }

    public int queueSize() {
        return queueSize;
    }

    /** The virtio features the driver negotiated (0 over a vhost-user shared buffer, which does not hold them). */
    public long features() {
        return features;
    }

    public String deviceName() {
        return deviceName;
    }

    /** Daemon incarnations that opened this file, counting its creation as 1 (0 over a shared buffer). */
    public long generation() {
        return header == null ? 0 : LogHeader.generation(header);
    }

    /** File offset of queue region 0 (VhostUserInflight.mmap_offset to share the file's regions with QEMU). */
    public long regionsOffset() {
        return header == null ? 0 : LogHeader.headerSizeField(header);
    }

    /** Where this log lives, as error messages name it. */
    public String source() {
        return source;
    }

    /**
     * msync(MS_SYNC) of the whole file: only needed to survive a power loss or kernel crash; a killed
     * process loses nothing without it. A no-op over a vhost-user shared buffer.
     */
    public void force() {
        if (arena != null) all.force();
    }

    /** Unmaps the file (the page cache keeps everything written). The caller owns a shared buffer. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (arena != null) arena.close();
        if (channel != null) {
            try {
                channel.close(); // releases the lock
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("closing " + source, e);
            }
        }
    }
}
