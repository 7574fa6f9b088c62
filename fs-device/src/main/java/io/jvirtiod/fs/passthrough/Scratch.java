package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.sys.FileHandle;
import io.jvirtiod.binding.sys.Flock;
import io.jvirtiod.binding.sys.OpenHow;
import io.jvirtiod.binding.sys.Stat;
import io.jvirtiod.binding.sys.Statfs;
import io.jvirtiod.binding.sys.Statx;
import io.jvirtiod.binding.sys.Timespec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Per-thread native buffers for system call arguments and results, so that serving a request allocates no native
 * memory. A worker thread reuses its own; they never cross threads.
 */
final class Scratch {
    /** Size of the getdents64 buffer: large enough for any READDIR (the kernel asks for at most a few pages). */
    static final int DIRENT_BUFFER = 64 * 1024;

    private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);

    final MemorySegment statx;
    final MemorySegment stat;
    final MemorySegment statfs;
    final MemorySegment handle;
    final MemorySegment handleOut;
    final MemorySegment mountId;
    final MemorySegment how;
    final MemorySegment times;
    final MemorySegment procPath;
    final MemorySegment dirents;
    final MemorySegment offIn;
    final MemorySegment offOut;
    final MemorySegment flock;
    final MemorySegment groups;
    /** A guest's xattr name as the {@link XattrMap} maps it: XATTR_NAME_MAX (255) bytes and a NUL. */
    final MemorySegment xattrName;

    private Scratch() {
        Arena a = Arena.ofAuto();
        statx = a.allocate(Statx.LAYOUT);
        stat = a.allocate(Stat.LAYOUT);
        statfs = a.allocate(Statfs.LAYOUT);
        handle = a.allocate(FileHandle.MAX_SIZE, 8);
        handleOut = a.allocate(FileHandle.MAX_SIZE, 8);
        mountId = a.allocate(JAVA_INT);
        how = a.allocate(OpenHow.LAYOUT);
        times = a.allocate(Timespec.LAYOUT, 2);
        procPath = a.allocate(32);
        dirents = a.allocate(DIRENT_BUFFER, 8);
        offIn = a.allocate(JAVA_LONG);
        offOut = a.allocate(JAVA_LONG);
        flock = a.allocate(Flock.LAYOUT);
        groups = a.allocate(JAVA_INT, Credentials.MAX_GROUPS);
        xattrName = a.allocate(256);
    }

    static Scratch get() {
        return PER_THREAD.get();
    }
}
