package io.jvirtiod.binding.fuse;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct fuse_entry_out}: The reply to LOOKUP, MKNOD, MKDIR, SYMLINK, LINK and the entry part of CREATE: a node id and its attributes. */
public final class FuseEntryOut {
    private FuseEntryOut() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("nodeid"),  // node id the kernel uses from now on
            JAVA_LONG.withName("generation"),  // nodeid:generation is unique for the fs's lifetime
            JAVA_LONG.withName("entry_valid"),  // name cache timeout, seconds
            JAVA_LONG.withName("attr_valid"),  // attribute cache timeout, seconds
            JAVA_INT.withName("entry_valid_nsec"),  // nanoseconds of entry_valid
            JAVA_INT.withName("attr_valid_nsec"),  // nanoseconds of attr_valid
            FuseAttr.LAYOUT.withName("attr")   // the attributes
    ).withName("struct fuse_entry_out");

    public static final long SIZE = LAYOUT.byteSize();
    public static final long OFFSET_NODEID = LAYOUT.byteOffset(groupElement("nodeid"));
    public static final long OFFSET_GENERATION = LAYOUT.byteOffset(groupElement("generation"));
    public static final long OFFSET_ENTRY_VALID = LAYOUT.byteOffset(groupElement("entry_valid"));
    public static final long OFFSET_ATTR_VALID = LAYOUT.byteOffset(groupElement("attr_valid"));
    public static final long OFFSET_ENTRY_VALID_NSEC = LAYOUT.byteOffset(groupElement("entry_valid_nsec"));
    public static final long OFFSET_ATTR_VALID_NSEC = LAYOUT.byteOffset(groupElement("attr_valid_nsec"));
    public static final long OFFSET_ATTR = LAYOUT.byteOffset(groupElement("attr"));
}
