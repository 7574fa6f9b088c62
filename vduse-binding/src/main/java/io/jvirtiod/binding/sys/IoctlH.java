package io.jvirtiod.binding.sys;

import java.util.List;

/**
 * The ioctl request encoding of asm-generic/ioctl.h (_IO/_IOR/_IOW/_IOWR), so that each binding derives its
 * request numbers from the same layout sizes the ABI probe checks, as the C macros do.
 */
public final class IoctlH {
    private IoctlH() {}

    public static final List<String> C_INCLUDES = List.of("asm-generic/ioctl.h");

    public static final int _IOC_NRBITS = 8;
    public static final int _IOC_TYPEBITS = 8;
    public static final int _IOC_SIZEBITS = 14;
    public static final int _IOC_NRSHIFT = 0;
    public static final int _IOC_TYPESHIFT = _IOC_NRSHIFT + _IOC_NRBITS;
    public static final int _IOC_SIZESHIFT = _IOC_TYPESHIFT + _IOC_TYPEBITS;
    public static final int _IOC_DIRSHIFT = _IOC_SIZESHIFT + _IOC_SIZEBITS;
    public static final int _IOC_NONE = 0;
    public static final int _IOC_WRITE = 1;
    public static final int _IOC_READ = 2;

    public static long ioc(int dir, int type, int nr, long size) {
        if (size < 0 || size >= (1 << _IOC_SIZEBITS)) {
            throw new IllegalArgumentException("ioctl argument size " + size + " does not fit _IOC_SIZEBITS");
        }
        return ((long) dir << _IOC_DIRSHIFT) | ((long) type << _IOC_TYPESHIFT) | ((long) nr << _IOC_NRSHIFT)
                | (size << _IOC_SIZESHIFT);
    }

    public static long io(int type, int nr) {
        return ioc(_IOC_NONE, type, nr, 0);
    }

    public static long ior(int type, int nr, long size) {
        return ioc(_IOC_READ, type, nr, size);
    }

    public static long iow(int type, int nr, long size) {
        return ioc(_IOC_WRITE, type, nr, size);
    }

    public static long iowr(int type, int nr, long size) {
        return ioc(_IOC_READ | _IOC_WRITE, type, nr, size);
    }
}
