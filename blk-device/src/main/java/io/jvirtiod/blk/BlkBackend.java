package io.jvirtiod.blk;

import java.lang.foreign.MemorySegment;

/**
 * Where a virtio-blk device's sectors live, one method per kind of request. Why an interface: the device
 * decodes and validates the guest's requests (untrusted) once; a backend only moves bytes, so a file, a block
 * device or a test double plug in without touching the protocol. Calls come from the queue threads, several
 * at once; every method returns a non-negative result or {@code -errno}, allocation-free.
 */
public interface BlkBackend extends AutoCloseable {

    /** Size in bytes; the device exposes {@code sizeBytes() / 512} sectors. */
    long sizeBytes();

    boolean readOnly();

    /** Reads into the buffers of iovec array {@code iov} ({@code count} entries) from byte {@code offset}. */
    long readv(MemorySegment iov, int count, long offset);

    /** Writes the buffers of {@code iov} at byte {@code offset}. */
    long writev(MemorySegment iov, int count, long offset);

    /** Makes every completed write durable (VIRTIO_BLK_T_FLUSH). */
    int flush();

    /** Deallocates {@code [offset, offset + length)}; reads of it may then return anything (§5.2.6.2). */
    int discard(long offset, long length);

    /** Zeroes {@code [offset, offset + length)}, deallocating it when {@code unmap} and the backend can. */
    int writeZeroes(long offset, long length, boolean unmap);

    @Override
    void close();
}
