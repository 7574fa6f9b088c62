package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.util.List;

/**
 * sys/stat.h: file type and mode bits, statx masks and sync flags, the utimensat special nanosecond values, and
 * the stat/statx/timespec structs, all as x86-64 glibc defines them.
 */
public final class StatH {
    private StatH() {}

    public static final List<String> C_INCLUDES = List.of("sys/stat.h", "fcntl.h", "time.h");
    public static final List<MemoryLayout> C_STRUCTS =
            List.of(Timespec.LAYOUT, Stat.LAYOUT, StatxTimestamp.LAYOUT, Statx.LAYOUT);

    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;
    public static final int S_ISUID = 04000;
    public static final int S_ISGID = 02000;
    public static final int S_ISVTX = 01000;
    public static final int S_IXGRP = 00010;

    public static final int STATX_TYPE = 0x0001;
    public static final int STATX_MODE = 0x0002;
    public static final int STATX_NLINK = 0x0004;
    public static final int STATX_UID = 0x0008;
    public static final int STATX_GID = 0x0010;
    public static final int STATX_ATIME = 0x0020;
    public static final int STATX_MTIME = 0x0040;
    public static final int STATX_CTIME = 0x0080;
    public static final int STATX_INO = 0x0100;
    public static final int STATX_SIZE = 0x0200;
    public static final int STATX_BLOCKS = 0x0400;
    public static final int STATX_BASIC_STATS = 0x07ff;
    public static final int STATX_BTIME = 0x0800;
    public static final int STATX_MNT_ID = 0x1000;

    public static final int AT_STATX_SYNC_TYPE = 0x6000;
    public static final int AT_STATX_SYNC_AS_STAT = 0x0000;
    public static final int AT_STATX_FORCE_SYNC = 0x2000;
    public static final int AT_STATX_DONT_SYNC = 0x4000;

    /** utimensat(2) tv_nsec values: set to the current time / leave unchanged. */
    public static final long UTIME_NOW = (1L << 30) - 1;
    public static final long UTIME_OMIT = (1L << 30) - 2;

    public static boolean isDir(int mode) { return (mode & S_IFMT) == S_IFDIR; }
    public static boolean isReg(int mode) { return (mode & S_IFMT) == S_IFREG; }
    public static boolean isLnk(int mode) { return (mode & S_IFMT) == S_IFLNK; }
}
