package io.jvirtiod.binding.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * One record of getdents64(2), the kernel's {@code struct linux_dirent64}: glibc's {@code struct dirent64} has the
 * same header (checked by the probe), but records in a getdents buffer are variable-length: each is
 * {@code d_reclen} bytes and its NUL-terminated name starts at {@link #OFFSET_D_NAME}. {@code d_off} is the
 * file-system cookie to seek to for the entry after this one, which is what makes directory offsets stable.
 */
public final class Dirent64 {
    private Dirent64() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("d_ino"),      // inode number
            JAVA_LONG.withName("d_off"),      // cookie of the next entry
            JAVA_SHORT.withName("d_reclen"),  // length of this record
            JAVA_BYTE.withName("d_type"),     // DT_* type
            MemoryLayout.sequenceLayout(256, JAVA_BYTE).withName("d_name"),
            MemoryLayout.paddingLayout(5)
    ).withName("struct dirent64");

    public static final long OFFSET_D_INO = LAYOUT.byteOffset(groupElement("d_ino"));
    public static final long OFFSET_D_OFF = LAYOUT.byteOffset(groupElement("d_off"));
    public static final long OFFSET_D_RECLEN = LAYOUT.byteOffset(groupElement("d_reclen"));
    public static final long OFFSET_D_TYPE = LAYOUT.byteOffset(groupElement("d_type"));
    public static final long OFFSET_D_NAME = LAYOUT.byteOffset(groupElement("d_name"));

    public static long ino(MemorySegment buf, long at) { return buf.get(JAVA_LONG, at + OFFSET_D_INO); }
    public static long off(MemorySegment buf, long at) { return buf.get(JAVA_LONG, at + OFFSET_D_OFF); }
    public static int reclen(MemorySegment buf, long at) {
        return Short.toUnsignedInt(buf.get(JAVA_SHORT, at + OFFSET_D_RECLEN));
    }
    public static int type(MemorySegment buf, long at) { return Byte.toUnsignedInt(buf.get(JAVA_BYTE, at + OFFSET_D_TYPE)); }

    /** Length of the name of the record at {@code at} (up to its NUL, bounded by the record). */
    public static int nameLength(MemorySegment buf, long at) {
        long start = at + OFFSET_D_NAME;
        long end = at + reclen(buf, at);
        long i = start;
        while (i < end && buf.get(JAVA_BYTE, i) != 0) i++;
        return (int) (i - start);
    }

    /**
     * Checks that the record at {@code at} lies within the first {@code filled} bytes of {@code buf}; a kernel
     * answer is trusted, but a bad cookie or a bug must not walk out of the buffer.
     */
    public static boolean fits(long at, long filled) {
        return at + OFFSET_D_NAME <= filled;
    }
}
