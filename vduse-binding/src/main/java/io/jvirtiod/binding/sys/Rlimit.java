package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct rlimit} (sys/resource.h): a soft and a hard resource limit. The daemon raises its
 * RLIMIT_NOFILE at start, as virtiofsd's {@code --rlimit-nofile} does, because every file a client holds open is
 * an fd in the daemon.
 */
public final class Rlimit {
    private Rlimit() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("rlim_cur"),   // soft limit: what the kernel enforces (rlim_t, unsigned)
            JAVA_LONG.withName("rlim_max")    // hard limit: the ceiling for the soft one without privilege
    ).withName("struct rlimit");

    public static final long OFFSET_RLIM_CUR = LAYOUT.byteOffset(groupElement("rlim_cur"));
    public static final long OFFSET_RLIM_MAX = LAYOUT.byteOffset(groupElement("rlim_max"));

    public static long cur(MemorySegment r) { return r.get(JAVA_LONG, OFFSET_RLIM_CUR); }
    public static long max(MemorySegment r) { return r.get(JAVA_LONG, OFFSET_RLIM_MAX); }

    public static void set(MemorySegment r, long cur, long max) {
        r.set(JAVA_LONG, OFFSET_RLIM_CUR, cur);
        r.set(JAVA_LONG, OFFSET_RLIM_MAX, max);
    }
}
