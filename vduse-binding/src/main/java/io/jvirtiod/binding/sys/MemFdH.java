package io.jvirtiod.binding.sys;

import java.util.List;

/**
 * sys/mman.h and fcntl.h: memfd_create(2) flags and file seals. Memfds back what the daemon shares across a
 * restart or with a front-end (the in-flight region, test guest memory); seals stop the other side resizing them.
 */
public final class MemFdH {
    private MemFdH() {}

    public static final List<String> C_INCLUDES = List.of("sys/mman.h", "fcntl.h");

    public static final int MFD_CLOEXEC = 1;
    public static final int MFD_ALLOW_SEALING = 2;
    public static final int MFD_HUGETLB = 4;

    public static final int F_ADD_SEALS = 1033;
    public static final int F_GET_SEALS = 1034;
    public static final int F_SEAL_SEAL = 0x0001;
    public static final int F_SEAL_SHRINK = 0x0002;
    public static final int F_SEAL_GROW = 0x0004;
    public static final int F_SEAL_WRITE = 0x0008;
    public static final int F_SEAL_FUTURE_WRITE = 0x0010;
}
