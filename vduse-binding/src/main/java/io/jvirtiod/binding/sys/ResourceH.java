package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.util.List;

/** sys/resource.h: the resource limit the daemon manages ({@link Rlimit}) and "no limit". */
public final class ResourceH {
    private ResourceH() {}

    public static final List<String> C_INCLUDES = List.of("sys/resource.h");
    public static final List<MemoryLayout> C_STRUCTS = List.of(Rlimit.LAYOUT);

    /** Open file descriptors: one more than the largest fd the process may open. */
    public static final int RLIMIT_NOFILE = 7;
    /** rlim_t's "unlimited" (all ones; as a signed long, -1). */
    public static final long RLIM_INFINITY = -1L;
}
