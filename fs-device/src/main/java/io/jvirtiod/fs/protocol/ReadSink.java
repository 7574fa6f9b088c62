package io.jvirtiod.fs.protocol;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Where a READ's data goes: the transport's buffers for the reply payload, exactly as many bytes as the
 * request asked for. A file system either fills them with preadv on {@link #iovecs()} (no copy: on virtio-fs
 * these point straight into guest memory) or copies in with {@link #put}, and returns how many bytes it put.
 */
public final class ReadSink extends ScatterList {
    public ReadSink(Arena arena, int maxRanges) {
        super(arena, maxRanges);
    }

    /** Copies {@code len} bytes of {@code src} from {@code srcOffset} to byte {@code pos} of this sink. */
    public void put(long pos, MemorySegment src, long srcOffset, long len) {
        copy(pos, src, srcOffset, len, true);
    }
}
