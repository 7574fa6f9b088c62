package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.fs.protocol.Name;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Validation of the names in FUSE requests. The kernel only ever sends single path components; a guest that
 * sends "", ".", "..", a name with '/' or a NUL inside, or a name longer than NAME_MAX is either buggy or
 * probing for an escape, and gets EINVAL (ENAMETOOLONG for length) before any system call, as virtiofsd's
 * validate_path_component does. openat2's RESOLVE_BENEATH is the second line of defence.
 */
public final class Names {
    private Names() {}

    /** NAME_MAX of Linux file systems. */
    public static final int NAME_MAX = 255;

    /**
     * Checks the {@code length} bytes at {@code offset} of {@code seg} (which must be followed by a NUL);
     * returns 0 if they are one valid path component, otherwise -errno.
     */
    public static int check(MemorySegment seg, long offset, int length) {
        if (length <= 0) return -Errno.EINVAL;
        if (length > NAME_MAX) return -Errno.ENAMETOOLONG;
        if (offset < 0 || offset + length >= seg.byteSize() || seg.get(JAVA_BYTE, offset + length) != 0) {
            return -Errno.EINVAL;
        }
        byte first = seg.get(JAVA_BYTE, offset);
        if (first == '.' && (length == 1 || (length == 2 && seg.get(JAVA_BYTE, offset + 1) == '.'))) {
            return -Errno.EINVAL;
        }
        for (long i = offset; i < offset + length; i++) {
            byte b = seg.get(JAVA_BYTE, i);
            if (b == '/' || b == 0) return -Errno.EINVAL;
        }
        return 0;
    }

    /** One valid path component, or -errno (see {@link #check(MemorySegment, long, int)}). */
    static int check(Name name) {
        return check(name.segment(), name.offset(), name.length());
    }

    /** The NUL-terminated C string of a request name (the decoder checked the NUL is there). */
    static MemorySegment cstr(Name name) {
        return name.cString();
    }
}
