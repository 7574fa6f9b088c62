package io.jvirtiod.vduse;

import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.ErrnoException;
import io.jvirtiod.binding.sys.FcntlH;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.Ioctl;
import io.jvirtiod.binding.vduse.VduseDevConfig;
import io.jvirtiod.binding.vduse.VduseH;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * /dev/vduse/control: creates and destroys VDUSE devices (linux/vduse.h, VDUSE_CREATE_DEV / VDUSE_DESTROY_DEV).
 * Why apart from {@link VduseDevice}: a device outlives the process that created it (that is what lets a killed
 * daemon reconnect), so creating one and serving one are separate steps.
 */
public final class VduseControl implements AutoCloseable {
    public static final Path CONTROL = Path.of("/dev/vduse/control");
    /** vring metadata alignment we ask for; the kernel accepts up to PAGE_SIZE (QEMU's libvduse uses 4096). */
    public static final int VQ_ALIGN = 4096;

    private final int fd;

    private VduseControl(int fd) {
        this.fd = fd;
    }

    /** Opens the control device and selects API version {@link VduseH#VDUSE_API_VERSION}. */
    public static VduseControl open() {
        int fd = FileIo.open(CONTROL.toString(), FcntlH.O_RDWR | FcntlH.O_CLOEXEC, 0);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_LONG);
            v.set(JAVA_LONG, 0, VduseH.VDUSE_API_VERSION);
            Ioctl.ioctl(fd, VduseH.VDUSE_SET_API_VERSION, v, "VDUSE_SET_API_VERSION");
            return new VduseControl(fd);
        } catch (RuntimeException e) {
            FileIo.closeRaw(fd);
            throw e;
        }
    }

    /** Whether /dev/vduse/NAME exists: a device some earlier daemon created, to reconnect to. */
    public static boolean exists(String name) {
        return Files.exists(VduseDevice.path(name));
    }

    /** Creates the device; the kernel then shows /dev/vduse/NAME (udev or devtmpfs). */
    public void create(VduseDeviceSpec spec) {
        byte[] cfg = spec.config();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(VduseDevConfig.sizeWithConfig(cfg.length), 8);
            VduseDevConfig.name(c, spec.name());
            VduseDevConfig.vendor_id(c, spec.vendorId());
            VduseDevConfig.device_id(c, spec.deviceId());
            VduseDevConfig.features(c, spec.features());
            VduseDevConfig.vq_num(c, spec.numQueues());
            VduseDevConfig.vq_align(c, VQ_ALIGN);
            VduseDevConfig.config_size(c, cfg.length);
            MemorySegment.copy(MemorySegment.ofArray(cfg), 0, c, VduseDevConfig.OFFSET_CONFIG, cfg.length);
            Ioctl.ioctl(fd, VduseH.VDUSE_CREATE_DEV, c, "VDUSE_CREATE_DEV " + spec.name());
        }
    }

    /**
     * Destroys the device; returns false when it is still attached to the vdpa bus (EBUSY), in which case it is
     * left for a later daemon to reconnect to.
     */
    public boolean destroy(String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment n = a.allocate(VduseH.VDUSE_NAME_MAX);
            VduseDevConfig.name(n, name); // the name field is the struct's first member: same encoding
            int r = Ioctl.ioctlRaw(fd, VduseH.VDUSE_DESTROY_DEV, n);
            if (r == -Errno.EBUSY) return false;
            if (r < 0) throw new ErrnoException("ioctl(VDUSE_DESTROY_DEV " + name + ")", -r);
            return true;
        }
    }

    @Override
    public void close() {
        FileIo.closeRaw(fd);
    }
}
