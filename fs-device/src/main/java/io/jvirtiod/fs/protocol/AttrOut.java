package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseAttrOut;

import java.lang.foreign.MemorySegment;

/** A {@code fuse_attr_out} being built (GETATTR, SETATTR). */
public final class AttrOut extends Flyweight<AttrOut> {
    private final Attr attr = new Attr();

    @Override
    void wrapped(MemorySegment segment, long offset) {
        attr.wrap(segment, offset + FuseAttrOut.OFFSET_ATTR);
    }

    /** How long the kernel may cache the attributes. */
    public AttrOut attrValid(long sec, int nsec) {
        u64(FuseAttrOut.OFFSET_ATTR_VALID, sec);
        u32(FuseAttrOut.OFFSET_ATTR_VALID_NSEC, nsec);
        return this;
    }

    public Attr attr() {
        return attr;
    }
}
