package io.jvirtiod.binding.sys;

import java.util.List;

/** fallocate(2) modes (linux/falloc.h), passed through from FUSE_FALLOCATE. */
public final class FallocH {
    private FallocH() {}

    public static final List<String> C_INCLUDES = List.of("fcntl.h", "linux/falloc.h");

    public static final int FALLOC_FL_KEEP_SIZE = 0x01;
    public static final int FALLOC_FL_PUNCH_HOLE = 0x02;
    public static final int FALLOC_FL_NO_HIDE_STALE = 0x04;
    public static final int FALLOC_FL_COLLAPSE_RANGE = 0x08;
    public static final int FALLOC_FL_ZERO_RANGE = 0x10;
    public static final int FALLOC_FL_INSERT_RANGE = 0x20;
    public static final int FALLOC_FL_UNSHARE_RANGE = 0x40;
}
