package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseAttrOut;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/** A {@code fuse_attr_out} being built (GETATTR, SETATTR). */
public final class AttrOut {
    private final Attr attr = new Attr();
    private MemorySegment s = MemorySegment.NULL;
    private long at;

    public AttrOut wrap(MemorySegment segment, long offset) {
        this.s = segment;
        this.at = offset;
        attr.wrap(segment, offset + FuseAttrOut.OFFSET_ATTR);
        return this;
    }

    /** How long the kernel may cache the attributes. */
    public AttrOut attrValid(long sec, int nsec) {
        s.set(JAVA_LONG_UNALIGNED, at + FuseAttrOut.OFFSET_ATTR_VALID, sec);
        s.set(JAVA_INT_UNALIGNED, at + FuseAttrOut.OFFSET_ATTR_VALID_NSEC, nsec);
        return this;
    }

    public Attr attr() {
        return attr;
    }
}
