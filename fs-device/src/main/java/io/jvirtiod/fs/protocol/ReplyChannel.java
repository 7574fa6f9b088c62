package io.jvirtiod.fs.protocol;

import java.lang.foreign.MemorySegment;

import static io.jvirtiod.binding.sys.Errno.EINVAL;

/**
 * How a transport sends replies; one per worker. The dispatcher builds a reply in the worker's reply buffer
 * (out-header at offset 0, arguments after) and hands it here; READ data goes where {@link #prepareRead}
 * pointed the {@link ReadSink} (by default right after the out-header in the same buffer, so a /dev/fuse
 * transport sends header and data with one write).
 */
public interface ReplyChannel {

    /**
     * Points {@code dst} at room for exactly {@code size} bytes of READ data that will follow the out-header;
     * returns 0 or -errno (-EINVAL when there is no such room). A virtio-fs transport points it at the
     * device-writable descriptors after the header instead, so the file system reads into guest memory.
     */
    default int prepareRead(ReadSink dst, MemorySegment reply, int size) {
        if (size < 0 || size > reply.byteSize() - 16) return -EINVAL;
        dst.clear();
        dst.add(reply, 16, size);
        return 0;
    }

    /**
     * Sends a reply: {@code length} bytes of {@code reply} (out-header first, its len field already says the
     * total), then, if {@code data} is not null, the first {@code dataLength} bytes of the READ sink prepared
     * by {@link #prepareRead}. Returns 0 or -errno; -ENOENT means the kernel no longer waits for this request
     * (it was interrupted or the connection aborted), which is not an error of the server.
     */
    int send(MemorySegment reply, int length, ReadSink data, int dataLength);

    /**
     * True if the READ data of a reply lies in {@code reply} right after its first {@code length} bytes (the
     * default {@link #prepareRead}), so header and data go out as one contiguous write.
     */
    static boolean dataFollowsInline(MemorySegment reply, int length, ReadSink data) {
        return data.count() == 0 || (data.segment(0) == reply && data.offset(0) == length);
    }
}
