package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.fuse.FuseBackingMap;
import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.sys.Ioctl;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@link BackingFiles} over a /dev/fuse fd: FUSE_DEV_IOC_BACKING_OPEN with a {@code struct fuse_backing_map}
 * and FUSE_DEV_IOC_BACKING_CLOSE with the id (needs CAP_SYS_ADMIN).
 */
public final class DevFuseBackingFiles implements BackingFiles {
    private final int fuseFd;

    public DevFuseBackingFiles(int fuseFd) {
        this.fuseFd = fuseFd;
    }

    @Override
    public int open(int fd) {
        MemorySegment map = Scratch.get().backingMap;
        map.set(JAVA_INT, FuseBackingMap.OFFSET_FD, fd);
        map.set(JAVA_INT, FuseBackingMap.OFFSET_FLAGS, 0);
        map.set(JAVA_LONG, FuseBackingMap.OFFSET_PADDING, 0);
        return Ioctl.ioctlRaw(fuseFd, FuseH.FUSE_DEV_IOC_BACKING_OPEN, map);
    }

    @Override
    public void close(int backingId) {
        MemorySegment id = Scratch.get().mountId;
        id.set(JAVA_INT, 0, backingId);
        Ioctl.ioctlRaw(fuseFd, FuseH.FUSE_DEV_IOC_BACKING_CLOSE, id);
    }
}
