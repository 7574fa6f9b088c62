package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseReadIn;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/** READ's (and READDIR's) argument as a flyweight over the request. */
public final class ReadIn {
    private MemorySegment s = MemorySegment.NULL;
    private long at;

    public ReadIn wrap(MemorySegment segment, long offset) {
        this.s = segment;
        this.at = offset;
        return this;
    }

    public long fh() {
        return s.get(JAVA_LONG_UNALIGNED, at + FuseReadIn.OFFSET_FH);
    }

    public long offset() {
        return s.get(JAVA_LONG_UNALIGNED, at + FuseReadIn.OFFSET_OFFSET);
    }

    /** Bytes asked for (unsigned 32-bit; the dispatcher has checked it against the reply capacity). */
    public int size() {
        return s.get(JAVA_INT_UNALIGNED, at + FuseReadIn.OFFSET_SIZE);
    }

    /** FUSE_READ_LOCKOWNER */
    public int readFlags() {
        return s.get(JAVA_INT_UNALIGNED, at + FuseReadIn.OFFSET_READ_FLAGS);
    }

    public long lockOwner() {
        return s.get(JAVA_LONG_UNALIGNED, at + FuseReadIn.OFFSET_LOCK_OWNER);
    }

    /** open(2) flags of the file. */
    public int flags() {
        return s.get(JAVA_INT_UNALIGNED, at + FuseReadIn.OFFSET_FLAGS);
    }
}
