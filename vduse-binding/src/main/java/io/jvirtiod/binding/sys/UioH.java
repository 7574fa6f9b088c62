package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.util.List;

/** sys/uio.h: the iovec used by readv/writev/preadv/pwritev and sendmsg/recvmsg. */
public final class UioH {
    private UioH() {}

    public static final List<String> C_INCLUDES = List.of("sys/uio.h", "limits.h");
    public static final List<MemoryLayout> C_STRUCTS = List.of(Iovec.LAYOUT);

    /** The most iovecs one call takes. */
    public static final int IOV_MAX = 1024;
}
