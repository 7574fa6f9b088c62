package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseEntryOut;

import java.lang.foreign.MemorySegment;

/**
 * A {@code fuse_entry_out} being built (LOOKUP, MKNOD, MKDIR, SYMLINK, LINK, CREATE, TMPFILE, and each
 * READDIRPLUS entry). Answering a successful lookup with a non-zero node id makes the kernel count one lookup
 * of that node, which it later gives back with FORGET.
 */
public final class EntryOut extends Flyweight<EntryOut> {
    private final Attr attr = new Attr();

    @Override
    void wrapped(MemorySegment segment, long offset) {
        attr.wrap(segment, offset + FuseEntryOut.OFFSET_ATTR);
    }

    /** Node id of the entry; 0 means a negative entry (cached "does not exist" for entry_valid). */
    public EntryOut nodeid(long v) {
        u64(FuseEntryOut.OFFSET_NODEID, v);
        return this;
    }

    public EntryOut generation(long v) {
        u64(FuseEntryOut.OFFSET_GENERATION, v);
        return this;
    }

    /** How long the kernel may cache the name. */
    public EntryOut entryValid(long sec, int nsec) {
        u64(FuseEntryOut.OFFSET_ENTRY_VALID, sec);
        u32(FuseEntryOut.OFFSET_ENTRY_VALID_NSEC, nsec);
        return this;
    }

    /** How long the kernel may cache the attributes. */
    public EntryOut attrValid(long sec, int nsec) {
        u64(FuseEntryOut.OFFSET_ATTR_VALID, sec);
        u32(FuseEntryOut.OFFSET_ATTR_VALID_NSEC, nsec);
        return this;
    }

    public Attr attr() {
        return attr;
    }

    public long nodeid() {
        return u64(FuseEntryOut.OFFSET_NODEID);
    }
}
