package io.jvirtiod.binding.sys;

import java.util.List;

/** lseek(2) whence values (unistd.h), including SEEK_DATA/SEEK_HOLE for sparse files (FUSE_LSEEK). */
public final class SeekH {
    private SeekH() {}

    public static final List<String> C_INCLUDES = List.of("unistd.h");

    public static final int SEEK_SET = 0;
    public static final int SEEK_CUR = 1;
    public static final int SEEK_END = 2;
    public static final int SEEK_DATA = 3;
    public static final int SEEK_HOLE = 4;
}
