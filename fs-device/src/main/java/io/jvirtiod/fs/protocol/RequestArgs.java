package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseExtHeader;
import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseSuppGroups;
import io.jvirtiod.fs.Context;

import java.lang.foreign.MemorySegment;

import static io.jvirtiod.fs.protocol.FuseDispatcher.IN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

/**
 * Bounds checks of an untrusted request's arguments: fixed arguments present, names NUL-terminated inside the
 * request and filling it exactly, path components non-empty and free of '/', and request extensions that fit.
 * Each check answers why it failed (for the rejection) or null/false, before anything is read.
 */
final class RequestArgs {
    private RequestArgs() {}

    /** Parses the request extensions in [from, to); returns why they are malformed, or null. */
    static String extensions(Context ctx, MemorySegment req, long from, long to) {
        long at = from;
        while (at < to) {
            if (to - at < FuseExtHeader.SIZE) return "extension header at " + at + " is cut off";
            long size = Integer.toUnsignedLong(req.get(JAVA_INT_UNALIGNED, at + FuseExtHeader.OFFSET_SIZE));
            int type = req.get(JAVA_INT_UNALIGNED, at + FuseExtHeader.OFFSET_TYPE);
            if (size < FuseExtHeader.SIZE || size % 8 != 0 || size > to - at) {
                return "extension of " + size + " bytes at " + at + " does not fit the " + (to - at) + " left";
            }
            if (type == FuseH.FUSE_EXT_GROUPS) {
                long body = at + FuseExtHeader.SIZE;
                if (size < FuseExtHeader.SIZE + FuseSuppGroups.SIZE) return "FUSE_EXT_GROUPS without nr_groups";
                long n = Integer.toUnsignedLong(req.get(JAVA_INT_UNALIGNED, body + FuseSuppGroups.OFFSET_NR_GROUPS));
                if (n * 4 > size - FuseExtHeader.SIZE - FuseSuppGroups.SIZE) {
                    return "FUSE_EXT_GROUPS claims " + n + " groups in " + size + " bytes";
                }
                ctx.supplementaryGroups(req, body + FuseSuppGroups.SIZE, (int) n);
            }
            at += size;
        }
        return null;
    }

    /** The fixed argument of {@code size} bytes must be present in [IN, end). */
    static boolean has(long end, long size) {
        return end - IN >= size;
    }

    /**
     * Reads a NUL-terminated name starting at {@code from} into {@code into}; returns the offset after its NUL,
     * or -1 if no NUL lies before {@code end}.
     */
    static long name(MemorySegment req, long from, long end, Name into) {
        for (long i = from; i < end; i++) {
            if (req.get(JAVA_BYTE, i) == 0) {
                if (i - from > Integer.MAX_VALUE) return -1;
                into.wrap(req, from, (int) (i - from));
                return i + 1;
            }
        }
        return -1;
    }

    /** A path component: non-empty, no '/'. */
    private static boolean component(Name n) {
        return n.length() > 0 && !n.contains((byte) '/');
    }

    /** One path component filling [from, end) exactly; null if fine, else why not. */
    static String onlyComponent(MemorySegment req, long from, long end, Name into) {
        long after = name(req, from, end, into);
        if (after < 0) return "name at " + from + " is not NUL-terminated within the request";
        if (after != end) return "name ends at " + after + " but the arguments end at " + end;
        if (!component(into)) return "name \"" + into + "\" is not a path component";
        return null;
    }

    /** Two names (components unless {@code secondFree}) filling [from, end) exactly. */
    static String twoNames(MemorySegment req, long from, long end, Name a, Name b, boolean secondFree) {
        long mid = name(req, from, end, a);
        if (mid < 0) return "first name at " + from + " is not NUL-terminated within the request";
        if (!component(a)) return "name \"" + a + "\" is not a path component";
        long after = name(req, mid, end, b);
        if (after < 0) return "second name at " + mid + " is not NUL-terminated within the request";
        if (after != end) return "second name ends at " + after + " but the arguments end at " + end;
        if (!secondFree && !component(b)) return "name \"" + b + "\" is not a path component";
        return null;
    }
}
