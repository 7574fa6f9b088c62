package io.jvirtiod.fs.protocol;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Where a WRITE's data is: the payload bytes as the transport received them (after fuse_write_in in a
 * /dev/fuse buffer, or in guest memory behind virtio descriptors). A file system writes them with pwritev on
 * {@link #iovecs()} (no copy) or copies them out with {@link #get}.
 */
public final class WriteSource extends ScatterList {
    public WriteSource(Arena arena, int maxRanges) {
        super(arena, maxRanges);
    }

    /** Copies {@code len} bytes from byte {@code pos} of this source into {@code dst} at {@code dstOffset}. */
    public void get(long pos, MemorySegment dst, long dstOffset, long len) {
        copy(pos, dst, dstOffset, len, false);
    }
}
