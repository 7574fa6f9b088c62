package io.jvirtiod.fs;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseInHeader;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * Who asks and about what: a flyweight over the {@code fuse_in_header} of the request being served (caller's
 * uid/gid/pid, the request's unique id and node id), plus what the request extensions said (supplementary
 * group) and whether the kernel has since interrupted the request.
 *
 * <p>One Context exists per worker and is re-pointed at each request, so serving a request allocates nothing.
 * A file system must not keep it beyond the call.
 */
public final class Context {
    private MemorySegment request = MemorySegment.NULL;
    private MemorySegment groups = MemorySegment.NULL;
    private long groupsOffset;
    private int groupCount;
    private volatile long inFlightUnique;
    private volatile boolean interrupted;

    /** Points this context at a request whose validated header starts at offset 0 of {@code request}. */
    public Context wrap(MemorySegment request) {
        this.request = request;
        this.groups = MemorySegment.NULL;
        this.groupCount = 0;
        this.interrupted = false;
        this.inFlightUnique = unique();
        return this;
    }

    /** Records the FUSE_EXT_GROUPS extension: {@code count} 32-bit gids at {@code offset} of {@code segment}. */
    public void supplementaryGroups(MemorySegment segment, long offset, int count) {
        this.groups = segment;
        this.groupsOffset = offset;
        this.groupCount = count;
    }

    /** Marks the request done, so a late INTERRUPT no longer matches it. */
    public void finished() {
        inFlightUnique = 0;
    }

    /** Unique id of the request, including the FUSE_UNIQUE_RESEND bit if the kernel resent it. */
    public long unique() {
        return request.get(JAVA_LONG_UNALIGNED, FuseInHeader.OFFSET_UNIQUE);
    }

    /** True if the kernel resent this request after a FUSE_NOTIFY_RESEND (7.40). */
    public boolean isResend() {
        return (unique() & FuseH.FUSE_UNIQUE_RESEND) != 0;
    }

    /** Node id the request is about (the parent directory for name-based operations). */
    public long nodeid() {
        return request.get(JAVA_LONG_UNALIGNED, FuseInHeader.OFFSET_NODEID);
    }

    public int opcode() {
        return request.get(JAVA_INT_UNALIGNED, FuseInHeader.OFFSET_OPCODE);
    }

    /** Caller's fsuid (unsigned 32-bit). */
    public int uid() {
        return request.get(JAVA_INT_UNALIGNED, FuseInHeader.OFFSET_UID);
    }

    /** Caller's fsgid (unsigned 32-bit). */
    public int gid() {
        return request.get(JAVA_INT_UNALIGNED, FuseInHeader.OFFSET_GID);
    }

    /** Caller's thread group id (0 for requests not made on behalf of a process). */
    public int pid() {
        return request.get(JAVA_INT_UNALIGNED, FuseInHeader.OFFSET_PID);
    }

    /** Supplementary groups sent with FUSE_CREATE_SUPP_GROUP (create, mkdir, mknod, symlink), usually 0 or 1. */
    public int supplementaryGroupCount() {
        return groupCount;
    }

    public int supplementaryGroup(int i) {
        if (i < 0 || i >= groupCount) throw new IndexOutOfBoundsException("group " + i + " of " + groupCount);
        return groups.get(JAVA_INT_UNALIGNED, groupsOffset + 4L * i);
    }

    /**
     * True once the kernel sent FUSE_INTERRUPT for this request, or once the transport stops the worker serving
     * it (it interrupts the thread: vhost-user GET_VRING_BASE, a device reset, a disconnect); a file system
     * blocked in a long operation (SETLKW) should then give up and return -EINTR, so the stop is not held up.
     * Call it on the thread serving the request.
     */
    public boolean interrupted() {
        return interrupted || Thread.currentThread().isInterrupted();
    }

    /** Called by the dispatcher (from another worker) when an INTERRUPT names {@code unique}. */
    public boolean interruptIfServing(long unique) {
        if (unique != 0 && inFlightUnique == unique) {
            interrupted = true;
            return true;
        }
        return false;
    }
}
