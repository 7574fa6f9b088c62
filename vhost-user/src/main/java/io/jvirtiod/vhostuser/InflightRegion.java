package io.jvirtiod.vhostuser;

import io.jvirtiod.binding.sys.ErrnoException;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.MemFd;
import io.jvirtiod.binding.sys.MemFdH;
import io.jvirtiod.binding.sys.Mman;
import io.jvirtiod.binding.sys.MmanH;
import io.jvirtiod.inflight.InflightLog;
import io.jvirtiod.inflight.InflightLogCorruptException;

import java.lang.foreign.MemorySegment;

/**
 * The shared in-flight buffer of VHOST_USER_GET_INFLIGHT_FD / SET_INFLIGHT_FD: a memfd the back-end creates (or
 * the front-end hands back after a back-end restart), mapped shared, laid out per queue as the in-flight log's
 * vhost-user split regions. The front-end keeps the fd across back-end restarts, which is what lets a new
 * back-end find the requests the old one had not completed.
 */
final class InflightRegion implements AutoCloseable {
    private final MemorySegment mapping;
    private final InflightLog log;
    private final int fd; // ours from GET_INFLIGHT_FD (sent to the front-end), or -1

    private InflightRegion(MemorySegment mapping, InflightLog log, int fd) {
        this.mapping = mapping;
        this.log = log;
        this.fd = fd;
    }

    /** GET_INFLIGHT_FD: a new zeroed buffer for {@code numQueues} queues of {@code queueSize}. */
    static InflightRegion create(int numQueues, int queueSize) throws VhostUserProtocolException {
        long size;
        try {
            size = InflightLog.sharedBufferSize(numQueues, queueSize);
        } catch (IllegalArgumentException e) {
            throw new VhostUserProtocolException("GET_INFLIGHT_FD: " + e.getMessage());
        }
        int fd = MemFd.create("jvirtiod-inflight", MemFdH.MFD_CLOEXEC);
        try {
            MemFd.ftruncate(fd, size);
            MemorySegment m = Mman.mmap(size, MmanH.PROT_READ | MmanH.PROT_WRITE, MmanH.MAP_SHARED, fd, 0);
            return new InflightRegion(m, InflightLog.overMemory(m, numQueues, queueSize), fd);
        } catch (RuntimeException e) {
            FileIo.closeRaw(fd);
            throw e;
        }
    }

    /** SET_INFLIGHT_FD: maps the front-end's buffer (fd taken) and validates every queue region in it. */
    static InflightRegion attach(int fd, long mmapSize, long mmapOffset, int numQueues, int queueSize)
            throws VhostUserProtocolException {
        MemorySegment m = null;
        try {
            FrontEndFile.requireCovers("SET_INFLIGHT_FD buffer (mmap_size 0x" + Long.toHexString(mmapSize)
                    + ", mmap_offset 0x" + Long.toHexString(mmapOffset) + ")", fd, mmapOffset, mmapSize);
            m = Mman.mmap(mmapSize, MmanH.PROT_READ | MmanH.PROT_WRITE, MmanH.MAP_SHARED, fd, mmapOffset);
            return new InflightRegion(m, InflightLog.overMemory(m, numQueues, queueSize), -1);
        } catch (ErrnoException | IllegalArgumentException | InflightLogCorruptException e) {
            if (m != null) Mman.munmap(m);
            throw new VhostUserProtocolException("SET_INFLIGHT_FD: " + e.getMessage());
        } finally {
            FileIo.closeRaw(fd);
        }
    }

    InflightLog log() {
        return log;
    }

    long size() {
        return mapping.byteSize();
    }

    /** The memfd to send with the GET_INFLIGHT_FD reply (-1 for an attached buffer). */
    int fd() {
        return fd;
    }

    @Override
    public void close() {
        if (fd >= 0) FileIo.closeRaw(fd);
        Mman.munmap(mapping);
    }
}
