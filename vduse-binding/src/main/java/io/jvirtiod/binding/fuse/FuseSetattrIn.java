package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_setattr_in}: SETATTR's argument: which attributes to change (valid, FATTR_*) and their new values. */
public final class FuseSetattrIn {
    private FuseSetattrIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("valid"),  // FATTR_* bits saying which fields are set
            JAVA_INT.withName("padding"),  // unused
            JAVA_LONG.withName("fh"),  // file handle if FATTR_FH
            JAVA_LONG.withName("size"),  // new size if FATTR_SIZE
            JAVA_LONG.withName("lock_owner"),  // if FATTR_LOCKOWNER
            JAVA_LONG.withName("atime"),  // seconds if FATTR_ATIME
            JAVA_LONG.withName("mtime"),  // seconds if FATTR_MTIME
            JAVA_LONG.withName("ctime"),  // seconds if FATTR_CTIME
            JAVA_INT.withName("atimensec"),  // nanoseconds
            JAVA_INT.withName("mtimensec"),  // nanoseconds
            JAVA_INT.withName("ctimensec"),  // nanoseconds
            JAVA_INT.withName("mode"),  // if FATTR_MODE
            JAVA_INT.withName("unused4"),  // unused
            JAVA_INT.withName("uid"),  // if FATTR_UID
            JAVA_INT.withName("gid"),  // if FATTR_GID
            JAVA_INT.withName("unused5")   // unused
    ).withName("struct fuse_setattr_in");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_VALID = LAYOUT.byteOffset(groupElement("valid"));
    public static final long OFFSET_PADDING = LAYOUT.byteOffset(groupElement("padding"));
    public static final long OFFSET_FH = LAYOUT.byteOffset(groupElement("fh"));
    public static final long OFFSET_SIZE = LAYOUT.byteOffset(groupElement("size"));
    public static final long OFFSET_LOCK_OWNER = LAYOUT.byteOffset(groupElement("lock_owner"));
    public static final long OFFSET_ATIME = LAYOUT.byteOffset(groupElement("atime"));
    public static final long OFFSET_MTIME = LAYOUT.byteOffset(groupElement("mtime"));
    public static final long OFFSET_CTIME = LAYOUT.byteOffset(groupElement("ctime"));
    public static final long OFFSET_ATIMENSEC = LAYOUT.byteOffset(groupElement("atimensec"));
    public static final long OFFSET_MTIMENSEC = LAYOUT.byteOffset(groupElement("mtimensec"));
    public static final long OFFSET_CTIMENSEC = LAYOUT.byteOffset(groupElement("ctimensec"));
    public static final long OFFSET_MODE = LAYOUT.byteOffset(groupElement("mode"));
    public static final long OFFSET_UNUSED4 = LAYOUT.byteOffset(groupElement("unused4"));
    public static final long OFFSET_UID = LAYOUT.byteOffset(groupElement("uid"));
    public static final long OFFSET_GID = LAYOUT.byteOffset(groupElement("gid"));
    public static final long OFFSET_UNUSED5 = LAYOUT.byteOffset(groupElement("unused5"));
}
