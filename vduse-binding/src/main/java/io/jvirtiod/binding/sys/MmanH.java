package io.jvirtiod.binding.sys;

import java.util.List;

/** sys/mman.h protections and flags used to map guest memory, IOTLB ranges and the in-flight log. */
public final class MmanH {
    private MmanH() {}

    public static final List<String> C_INCLUDES = List.of("sys/mman.h");

    public static final int PROT_NONE = 0;
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 0x01;
    public static final int MAP_PRIVATE = 0x02;
    public static final int MAP_FIXED = 0x10;
    public static final int MAP_ANONYMOUS = 0x20;
    public static final int MAP_POPULATE = 0x8000;
    public static final int MS_ASYNC = 1;
    public static final int MS_SYNC = 4;
    public static final int MS_INVALIDATE = 2;
}
