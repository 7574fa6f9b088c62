package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.util.List;

/** sys/statfs.h: the struct fstatfs(2) fills. */
public final class StatfsH {
    private StatfsH() {}

    public static final List<String> C_INCLUDES = List.of("sys/statfs.h", "linux/magic.h");
    public static final List<MemoryLayout> C_STRUCTS = List.of(Statfs.LAYOUT);

    public static final long TMPFS_MAGIC = 0x01021994L;
    public static final long EXT4_SUPER_MAGIC = 0xEF53L;
}
