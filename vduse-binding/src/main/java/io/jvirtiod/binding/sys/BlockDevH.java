package io.jvirtiod.binding.sys;

import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Block device ioctls (linux/fs.h) a block backend needs: a block device's size is not its st_size (which is 0),
 * so a virtio-blk device backed by /dev/sdX or a loop device asks the kernel with BLKGETSIZE64.
 */
public final class BlockDevH {
    private BlockDevH() {}

    public static final List<String> C_INCLUDES = List.of("linux/ioctl.h", "linux/fs.h");

    /** _IOR(0x12, 114, size_t): the device size in bytes, into a u64. */
    public static final long BLKGETSIZE64 = IoctlH.ior(0x12, 114, JAVA_LONG.byteSize());
    /** _IO(0x12, 104): the logical sector size, into an int. */
    public static final long BLKSSZGET = IoctlH.io(0x12, 104);
}
