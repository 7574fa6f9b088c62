package io.jvirtiod.vduse;

import io.jvirtiod.binding.sys.FcntlH;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.Ioctl;
import io.jvirtiod.binding.vduse.VduseH;
import io.jvirtiod.binding.vduse.VduseIotlbEntry;
import io.jvirtiod.binding.vduse.VduseVqConfig;
import io.jvirtiod.binding.vduse.VduseVqEventfd;
import io.jvirtiod.binding.vduse.VduseVqInfo;
import io.jvirtiod.binding.vduse.VduseVqStateSplit;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One open /dev/vduse/NAME: the ioctls a device server uses (queue setup and info, kick eventfds, interrupt
 * injection, IOTLB file descriptors, driver features) and the control message channel (read a
 * {@code vduse_dev_request}, write a {@code vduse_dev_response}). The kernel allows one opener at a time; closing
 * (or being killed) re-queues unanswered messages for the next opener, which is how a restarted daemon resumes.
 */
public final class VduseDevice implements AutoCloseable {
    private static final ThreadLocal<MemorySegment> IRQ_ARG = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(JAVA_INT));

    private final String name;
    private final int fd;

    private VduseDevice(String name, int fd) {
        this.name = name;
        this.fd = fd;
    }

    public static Path path(String name) {
        return Path.of("/dev/vduse", name);
    }

    /** Opens the device node (non-blocking: the message loop waits with epoll). */
    public static VduseDevice open(String name) {
        int fd = FileIo.open(path(name).toString(), FcntlH.O_RDWR | FcntlH.O_CLOEXEC | FcntlH.O_NONBLOCK, 0);
        return new VduseDevice(name, fd);
    }

    public String name() {
        return name;
    }

    public int fd() {
        return fd;
    }

    /** VDUSE_VQ_SETUP: the largest size the driver may give queue {@code index}. */
    public void setupVq(int index, int maxSize) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(VduseVqConfig.LAYOUT);
            VduseVqConfig.index(c, index);
            VduseVqConfig.max_size(c, (short) maxSize);
            Ioctl.ioctl(fd, VduseH.VDUSE_VQ_SETUP, c, "VDUSE_VQ_SETUP " + index);
        }
    }

    /** VDUSE_VQ_GET_INFO. */
    public VqInfo vqInfo(int index) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment i = a.allocate(VduseVqInfo.LAYOUT);
            VduseVqInfo.index(i, index);
            Ioctl.ioctl(fd, VduseH.VDUSE_VQ_GET_INFO, i, "VDUSE_VQ_GET_INFO " + index);
            return new VqInfo(index, VduseVqInfo.num(i), VduseVqInfo.desc_addr(i), VduseVqInfo.driver_addr(i),
                    VduseVqInfo.device_addr(i), VduseVqStateSplit.avail_index(VduseVqInfo.split(i)) & 0xffff,
                    VduseVqInfo.ready(i) != 0);
        }
    }

    /** VDUSE_VQ_SETUP_KICKFD: the kernel signals {@code eventFd} when the driver kicks queue {@code index}. */
    public void setupKickFd(int index, int eventFd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = a.allocate(VduseVqEventfd.LAYOUT);
            VduseVqEventfd.index(e, index);
            VduseVqEventfd.fd(e, eventFd);
            Ioctl.ioctl(fd, VduseH.VDUSE_VQ_SETUP_KICKFD, e, "VDUSE_VQ_SETUP_KICKFD " + index);
        }
    }

    /** VDUSE_VQ_INJECT_IRQ: a used-buffer notification for queue {@code index}; returns 0 or -errno. */
    public int injectIrqRaw(int index) {
        MemorySegment arg = IRQ_ARG.get();
        arg.set(JAVA_INT, 0, index);
        return Ioctl.ioctlRaw(fd, VduseH.VDUSE_VQ_INJECT_IRQ, arg);
    }

    /** VDUSE_DEV_GET_FEATURES: the features the driver negotiated. */
    public long driverFeatures() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment f = a.allocate(JAVA_LONG);
            Ioctl.ioctl(fd, VduseH.VDUSE_DEV_GET_FEATURES, f, "VDUSE_DEV_GET_FEATURES");
            return f.get(JAVA_LONG, 0);
        }
    }

    /**
     * VDUSE_IOTLB_GET_FD: the first IOTLB mapping overlapping {@code [start, last]}, written into {@code entry}
     * (a {@link VduseIotlbEntry}); returns the file to mmap, or -errno (EINVAL when there is none).
     */
    public int iotlbGetFdRaw(MemorySegment entry, long start, long last) {
        entry.fill((byte) 0);
        VduseIotlbEntry.start(entry, start);
        VduseIotlbEntry.last(entry, last);
        return Ioctl.ioctlRaw(fd, VduseH.VDUSE_IOTLB_GET_FD, entry);
    }

    /** Reads one control message into {@code request}; returns bytes read or -errno (EAGAIN: none pending). */
    public long readRequestRaw(MemorySegment request) {
        return FileIo.readRaw(fd, request);
    }

    /** Writes one response; returns bytes written or -errno. */
    public long writeResponseRaw(MemorySegment response) {
        return FileIo.writeRaw(fd, response);
    }

    @Override
    public void close() {
        FileIo.closeRaw(fd);
    }
}
