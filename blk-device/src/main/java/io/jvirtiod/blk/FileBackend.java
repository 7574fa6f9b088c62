package io.jvirtiod.blk;

import io.jvirtiod.binding.sys.BlockDevH;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.ErrnoException;
import io.jvirtiod.binding.sys.FallocH;
import io.jvirtiod.binding.sys.FcntlH;
import io.jvirtiod.binding.sys.FileData;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.FileStat;
import io.jvirtiod.binding.sys.Ioctl;
import io.jvirtiod.binding.sys.Stat;
import io.jvirtiod.binding.sys.StatH;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A virtio-blk backend over a regular file or a block device, with preadv/pwritev straight between the file and
 * guest memory (no copy in the daemon). Discard punches holes and write-zeroes uses FALLOC_FL_ZERO_RANGE (or a
 * hole when the guest allows unmapping); a file system that supports neither falls back to writing zeroes.
 * O_DIRECT is optional: it bypasses the host page cache, and then guest buffers must be 512-byte aligned, which
 * Linux's virtio_blk guarantees for its I/O.
 */
public final class FileBackend implements BlkBackend {
    private static final int ZERO_CHUNK = 1 << 20;

    private final int fd;
    private final long size;
    private final boolean readOnly;
    private final boolean blockDevice;
    private final String path;
    private volatile MemorySegment zeroes; // for write-zeroes without fallocate support, made on first need

    private FileBackend(int fd, long size, boolean readOnly, boolean blockDevice, String path) {
        this.fd = fd;
        this.size = size;
        this.readOnly = readOnly;
        this.blockDevice = blockDevice;
        this.path = path;
    }

    /** Opens {@code path}; throws {@link ErrnoException} naming the path when it cannot be opened or sized. */
    public static FileBackend open(String path, boolean readOnly, boolean direct) {
        int flags = (readOnly ? FcntlH.O_RDONLY : FcntlH.O_RDWR) | FcntlH.O_CLOEXEC | (direct ? FcntlH.O_DIRECT : 0);
        int fd = FileIo.open(path, flags, 0);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(Stat.LAYOUT);
            FileStat.fstat(fd, st);
            int type = Stat.mode(st) & StatH.S_IFMT;
            long size;
            boolean blk = type == StatH.S_IFBLK;
            if (blk) {
                MemorySegment out = a.allocate(JAVA_LONG);
                Ioctl.ioctl(fd, BlockDevH.BLKGETSIZE64, out, "BLKGETSIZE64");
                size = out.get(JAVA_LONG, 0);
            } else if (type == StatH.S_IFREG) {
                size = Stat.size(st);
            } else {
                throw new IllegalArgumentException(path + " is neither a regular file nor a block device");
            }
            if (size < 512) throw new IllegalArgumentException(path + " holds " + size + " bytes, less than one 512-byte sector");
            return new FileBackend(fd, size, readOnly, blk, path);
        } catch (RuntimeException e) {
            FileIo.closeRaw(fd);
            throw e;
        }
    }

    public String path() {
        return path;
    }

    @Override
    public long sizeBytes() {
        return size;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public long readv(MemorySegment iov, int count, long offset) {
        return FileIo.preadvRaw(fd, iov, count, offset);
    }

    @Override
    public long writev(MemorySegment iov, int count, long offset) {
        return FileIo.pwritevRaw(fd, iov, count, offset);
    }

    @Override
    public int flush() {
        return FileData.fdatasyncRaw(fd);
    }

    @Override
    public int discard(long offset, long length) {
        int r = FileData.fallocateRaw(fd, FallocH.FALLOC_FL_PUNCH_HOLE | FallocH.FALLOC_FL_KEEP_SIZE, offset, length);
        // Discard is advisory (virtio 1.2 §5.2.6.2 "MAY deallocate"): a backend that cannot punch holes succeeds.
        return r == -Errno.EOPNOTSUPP || r == -Errno.ENODEV ? 0 : r;
    }

    @Override
    public int writeZeroes(long offset, long length, boolean unmap) {
        int mode = unmap && !blockDevice ? FallocH.FALLOC_FL_PUNCH_HOLE | FallocH.FALLOC_FL_KEEP_SIZE
                : FallocH.FALLOC_FL_ZERO_RANGE | FallocH.FALLOC_FL_KEEP_SIZE;
        int r = FileData.fallocateRaw(fd, mode, offset, length);
        if (r != -Errno.EOPNOTSUPP && r != -Errno.ENODEV && r != -Errno.EINVAL) return r;
        return writeZeroBytes(offset, length);
    }

    private int writeZeroBytes(long offset, long length) {
        MemorySegment z = zeroes;
        if (z == null) {
            z = Arena.global().allocate(ZERO_CHUNK, 4096); // zero-filled, aligned for O_DIRECT
            zeroes = z;
        }
        while (length > 0) {
            long n = FileIo.pwriteRaw(fd, z.asSlice(0, Math.min(length, ZERO_CHUNK)), offset);
            if (n < 0) return (int) n;
            if (n == 0) return -Errno.EIO;
            offset += n;
            length -= n;
        }
        return 0;
    }

    @Override
    public void close() {
        FileIo.closeRaw(fd);
    }
}
