package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.util.List;

/** dirent.h: the d_type values of getdents64 records and the record struct ({@link Dirent64}). */
public final class DirentH {
    private DirentH() {}

    public static final List<String> C_INCLUDES = List.of("dirent.h");
    public static final List<MemoryLayout> C_STRUCTS = List.of(Dirent64.LAYOUT);

    public static final int DT_UNKNOWN = 0;
    public static final int DT_FIFO = 1;
    public static final int DT_CHR = 2;
    public static final int DT_DIR = 4;
    public static final int DT_BLK = 6;
    public static final int DT_REG = 8;
    public static final int DT_LNK = 10;
    public static final int DT_SOCK = 12;
}
