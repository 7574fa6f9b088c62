package io.jvirtiod.blk;

import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.Iovec;
import io.jvirtiod.binding.sys.UioH;
import io.jvirtiod.binding.virtio.VirtioBlkDiscardWriteZeroes;
import io.jvirtiod.binding.virtio.VirtioBlkH;
import io.jvirtiod.binding.virtio.VirtioBlkOuthdr;
import io.jvirtiod.virtqueue.DescriptorChain;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Serves virtio-blk requests (virtio 1.2 §5.2.6) from one queue: decodes the request a descriptor chain carries
 * (a device-readable {@code struct virtio_blk_outhdr}, data, and a device-writable status byte last), validates
 * it against the device's configuration, runs it on the backend and writes the status. The guest is untrusted:
 * every malformed request gets the status the spec names for it and never reaches the backend; none throws.
 *
 * <p>One handler per queue thread: it owns its scratch buffers, so serving allocates nothing.
 */
public final class BlkRequestHandler {
    static final int HEADER = (int) VirtioBlkOuthdr.SIZE;
    static final int SEGMENT = (int) VirtioBlkDiscardWriteZeroes.SIZE;

    private final BlkConfig config;
    private final BlkBackend backend;
    private final MemorySegment header;
    private final MemorySegment segment;
    private final MemorySegment status;
    private final MemorySegment iov;
    private final MemorySegment id;
    private final BlkStats stats = new BlkStats();

    public BlkRequestHandler(BlkConfig config, BlkBackend backend) {
        this.config = config;
        this.backend = backend;
        Arena arena = Arena.ofAuto();
        this.header = arena.allocate(HEADER, 8);
        this.segment = arena.allocate(SEGMENT, 8);
        this.status = arena.allocate(1);
        this.iov = arena.allocate(Iovec.SIZE * UioH.IOV_MAX, 8);
        byte[] serial = config.serial().getBytes(StandardCharsets.US_ASCII);
        this.id = arena.allocate(VirtioBlkH.VIRTIO_BLK_ID_BYTES); // NUL-padded (§5.2.6: GET_ID)
        MemorySegment.copy(serial, 0, id, JAVA_BYTE, 0, serial.length);
    }

    public BlkStats stats() {
        return stats;
    }

    /**
     * Serves the request in {@code chain} and returns the used length: the bytes written to its device-writable
     * buffers (data read plus the status byte). A chain with no writable byte cannot hold a status (§5.2.6: the
     * status is the last byte the device writes); it is completed with length 0 and nothing done.
     */
    public int serve(DescriptorChain chain) {
        long writable = chain.writableLength();
        if (writable < 1) {
            stats.malformed++;
            return 0;
        }
        long dataIn = 0;
        int s;
        if (chain.readableLength() < HEADER) { // §5.2.6: every request starts with the 16-byte header
            stats.malformed++;
            s = VirtioBlkH.VIRTIO_BLK_S_IOERR;
        } else {
            chain.read(0, header);
            int type = VirtioBlkOuthdr.type(header);
            long sector = VirtioBlkOuthdr.sector(header);
            switch (type) {
                case VirtioBlkH.VIRTIO_BLK_T_IN -> {
                    s = read(chain, sector, writable - 1);
                    if (s == VirtioBlkH.VIRTIO_BLK_S_OK) dataIn = writable - 1;
                }
                case VirtioBlkH.VIRTIO_BLK_T_OUT -> s = write(chain, sector, chain.readableLength() - HEADER);
                case VirtioBlkH.VIRTIO_BLK_T_FLUSH -> {
                    stats.flushes++;
                    s = backend.flush() < 0 ? VirtioBlkH.VIRTIO_BLK_S_IOERR : VirtioBlkH.VIRTIO_BLK_S_OK;
                }
                case VirtioBlkH.VIRTIO_BLK_T_GET_ID -> {
                    long n = Math.min(VirtioBlkH.VIRTIO_BLK_ID_BYTES, writable - 1);
                    chain.write(0, id.asSlice(0, n));
                    dataIn = n;
                    s = VirtioBlkH.VIRTIO_BLK_S_OK;
                }
                case VirtioBlkH.VIRTIO_BLK_T_DISCARD -> s = discardOrZero(chain, false);
                case VirtioBlkH.VIRTIO_BLK_T_WRITE_ZEROES -> s = discardOrZero(chain, true);
                default -> { // §5.2.6.2: an unknown type gets VIRTIO_BLK_S_UNSUPP
                    stats.unsupported++;
                    s = VirtioBlkH.VIRTIO_BLK_S_UNSUPP;
                }
            }
        }
        if (s == VirtioBlkH.VIRTIO_BLK_S_IOERR) stats.ioErrors++;
        status.set(JAVA_BYTE, 0, (byte) s);
        chain.write(writable - 1, status);
        return (int) (dataIn + 1);
    }

    /** Whether {@code bytes} at {@code sector} are whole sectors inside the capacity (§5.2.6.1, §5.2.6.2). */
    private boolean inRange(long sector, long bytes) {
        if (bytes % BlkConfig.SECTOR != 0) return false; // §5.2.6.1: data is a multiple of 512 bytes
        long sectors = bytes / BlkConfig.SECTOR;
        return sector >= 0 && sector <= config.capacity() && sectors <= config.capacity() - sector;
    }

    private int read(DescriptorChain chain, long sector, long bytes) {
        if (!inRange(sector, bytes)) {
            stats.outOfRange++;
            return VirtioBlkH.VIRTIO_BLK_S_IOERR;
        }
        int n = chain.writableIovecs(iov, UioH.IOV_MAX);
        if (n < 0) return VirtioBlkH.VIRTIO_BLK_S_IOERR; // more pieces than seg_max allows
        n = IovecArray.trimBack(iov, n, 1); // the status byte
        stats.reads++;
        return transfer(n, sector * BlkConfig.SECTOR, bytes, false);
    }

    private int write(DescriptorChain chain, long sector, long bytes) {
        if (config.readOnly()) { // §5.2.6.2: IOERR for a write when VIRTIO_BLK_F_RO is offered, nothing written
            stats.readOnlyWrites++;
            return VirtioBlkH.VIRTIO_BLK_S_IOERR;
        }
        if (!inRange(sector, bytes)) {
            stats.outOfRange++;
            return VirtioBlkH.VIRTIO_BLK_S_IOERR;
        }
        int n = chain.readableIovecs(iov, UioH.IOV_MAX);
        if (n < 0) return VirtioBlkH.VIRTIO_BLK_S_IOERR;
        n = IovecArray.trimFront(iov, n, HEADER);
        stats.writes++;
        return transfer(n, sector * BlkConfig.SECTOR, bytes, true);
    }

    /** preadv/pwritev until all {@code bytes} moved; short transfers continue where they stopped. */
    private int transfer(int count, long offset, long bytes, boolean out) {
        while (bytes > 0) {
            long r = out ? backend.writev(iov, count, offset) : backend.readv(iov, count, offset);
            if (r == -Errno.EINTR) continue;
            if (r <= 0) return VirtioBlkH.VIRTIO_BLK_S_IOERR; // an error, or the file shrank under us
            bytes -= r;
            offset += r;
            if (bytes > 0) count = IovecArray.trimFront(iov, count, r);
        }
        return VirtioBlkH.VIRTIO_BLK_S_OK;
    }

    /** DISCARD and WRITE_ZEROES: an array of {@code struct virtio_blk_discard_write_zeroes} after the header. */
    private int discardOrZero(DescriptorChain chain, boolean zeroes) {
        boolean offered = zeroes ? config.writeZeroes() : config.discard();
        if (!offered || config.readOnly()) {
            stats.unsupported++;
            return VirtioBlkH.VIRTIO_BLK_S_UNSUPP;
        }
        long payload = chain.readableLength() - HEADER;
        if (payload == 0 || payload % SEGMENT != 0) {
            stats.malformed++;
            return VirtioBlkH.VIRTIO_BLK_S_IOERR;
        }
        long segments = payload / SEGMENT;
        int maxSeg = zeroes ? config.maxWriteZeroesSeg() : config.maxDiscardSeg();
        long maxSectors = Integer.toUnsignedLong(zeroes ? config.maxWriteZeroesSectors() : config.maxDiscardSectors());
        if (segments > maxSeg) { // as QEMU: more segments than max_*_seg is unsupported
            stats.unsupported++;
            return VirtioBlkH.VIRTIO_BLK_S_UNSUPP;
        }
        for (long i = 0; i < segments; i++) {
            chain.read(HEADER + i * SEGMENT, segment);
            long sector = VirtioBlkDiscardWriteZeroes.sector(segment);
            long sectors = Integer.toUnsignedLong(VirtioBlkDiscardWriteZeroes.num_sectors(segment));
            int flags = VirtioBlkDiscardWriteZeroes.flags(segment);
            int known = zeroes ? VirtioBlkH.VIRTIO_BLK_WRITE_ZEROES_FLAG_UNMAP : 0;
            // §5.2.6.2: UNSUPP for unknown flags, and for a discard with the unmap flag set.
            if ((flags & ~known) != 0) {
                stats.unsupported++;
                return VirtioBlkH.VIRTIO_BLK_S_UNSUPP;
            }
            if (sectors > maxSectors || !inRange(sector, sectors * BlkConfig.SECTOR)) {
                stats.outOfRange++;
                return VirtioBlkH.VIRTIO_BLK_S_IOERR;
            }
            long off = sector * BlkConfig.SECTOR;
            long len = sectors * BlkConfig.SECTOR;
            int r = zeroes ? backend.writeZeroes(off, len, (flags & VirtioBlkH.VIRTIO_BLK_WRITE_ZEROES_FLAG_UNMAP) != 0)
                    : backend.discard(off, len);
            if (r < 0) return VirtioBlkH.VIRTIO_BLK_S_IOERR;
        }
        if (zeroes) stats.writeZeroes++;
        else stats.discards++;
        return VirtioBlkH.VIRTIO_BLK_S_OK;
    }
}
