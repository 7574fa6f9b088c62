package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.util.List;

/** fcntl.h open-file-description lock commands and types, and flock(2) operations (sys/file.h). */
public final class LockH {
    private LockH() {}

    public static final List<String> C_INCLUDES = List.of("fcntl.h", "sys/file.h");
    public static final List<MemoryLayout> C_STRUCTS = List.of(Flock.LAYOUT);

    public static final int F_OFD_GETLK = 36;
    public static final int F_OFD_SETLK = 37;
    public static final int F_OFD_SETLKW = 38;
    public static final int F_RDLCK = 0;
    public static final int F_WRLCK = 1;
    public static final int F_UNLCK = 2;

    public static final int LOCK_SH = 1;
    public static final int LOCK_EX = 2;
    public static final int LOCK_NB = 4;
    public static final int LOCK_UN = 8;
}
