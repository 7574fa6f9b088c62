package io.jvirtiod.binding.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.jvirtiod.binding.sys.Native.C_INT;
import static io.jvirtiod.binding.sys.Native.C_LONG;
import static io.jvirtiod.binding.sys.Native.C_POINTER;
import static io.jvirtiod.binding.sys.Native.C_SIZE_T;
import static io.jvirtiod.binding.sys.Native.C_UINT;

/**
 * The *at(2) calls that change the name space: mkdirat, mknodat, unlinkat, renameat2, linkat, symlinkat and
 * readlinkat. All take a directory fd and a single name, which is how a confined file server acts on one
 * directory entry without resolving a path.
 */
public final class PathOps {
    private PathOps() {}

    private static final MethodHandle MKDIRAT = Native.errnoCall("mkdirat",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_UINT));
    private static final MethodHandle MKNODAT = Native.errnoCall("mknodat",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_UINT, C_LONG));
    private static final MethodHandle UNLINKAT = Native.errnoCall("unlinkat",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT));
    private static final MethodHandle RENAMEAT2 = Native.errnoCall("renameat2",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT, C_POINTER, C_UINT));
    private static final MethodHandle LINKAT = Native.errnoCall("linkat",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT, C_POINTER, C_INT));
    private static final MethodHandle SYMLINKAT = Native.errnoCall("symlinkat",
            FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_POINTER));
    private static final MethodHandle READLINKAT = Native.errnoCall("readlinkat",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_POINTER, C_SIZE_T));

    /** mkdirat(2); returns 0 or -errno. */
    public static int mkdiratRaw(int dirfd, MemorySegment name, int mode) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) MKDIRAT.invokeExact(cap, dirfd, name, mode);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** mknodat(2) ({@code dev} is the kernel-encoded dev_t); returns 0 or -errno. */
    public static int mknodatRaw(int dirfd, MemorySegment name, int mode, long dev) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) MKNODAT.invokeExact(cap, dirfd, name, mode, dev);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** unlinkat(2) ({@code flags} 0 or AT_REMOVEDIR); returns 0 or -errno. */
    public static int unlinkatRaw(int dirfd, MemorySegment name, int flags) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) UNLINKAT.invokeExact(cap, dirfd, name, flags);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** renameat2(2) with RENAME_* flags ({@link RenameH}); returns 0 or -errno. */
    public static int renameat2Raw(int olddirfd, MemorySegment oldname, int newdirfd, MemorySegment newname,
                                   int flags) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) RENAMEAT2.invokeExact(cap, olddirfd, oldname, newdirfd, newname, flags);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** linkat(2); with AT_EMPTY_PATH and an empty old name it links the inode of {@code olddirfd}. */
    public static int linkatRaw(int olddirfd, MemorySegment oldname, int newdirfd, MemorySegment newname,
                                int flags) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) LINKAT.invokeExact(cap, olddirfd, oldname, newdirfd, newname, flags);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** symlinkat(2): creates {@code name} in {@code dirfd} holding the text {@code target}; 0 or -errno. */
    public static int symlinkatRaw(MemorySegment target, int dirfd, MemorySegment name) {
        MemorySegment cap = Native.capture();
        try {
            int r = (int) SYMLINKAT.invokeExact(cap, target, dirfd, name);
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /**
     * readlinkat(2) into the whole of {@code buf}: the link text, not NUL-terminated, never resolved. With an
     * O_PATH fd of the link and the empty name it reads that link. Returns the length or -errno.
     */
    public static long readlinkatRaw(int dirfd, MemorySegment name, MemorySegment buf) {
        MemorySegment cap = Native.capture();
        try {
            long r = (long) READLINKAT.invokeExact(cap, dirfd, name, buf, buf.byteSize());
            return r < 0 ? -Native.errno(cap) : r;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    // ---- throwing forms (allocate C strings; for tests and setup) --------------------------------------

    private static void ok(int r, String call) {
        if (r < 0) throw new ErrnoException(call, -r);
    }

    public static void mkdirat(int dirfd, String name, int mode) {
        try (Arena a = Arena.ofConfined()) {
            ok(mkdiratRaw(dirfd, a.allocateFrom(name), mode), "mkdirat(" + dirfd + ", \"" + name + "\")");
        }
    }

    public static void mknodat(int dirfd, String name, int mode, long dev) {
        try (Arena a = Arena.ofConfined()) {
            ok(mknodatRaw(dirfd, a.allocateFrom(name), mode, dev), "mknodat(" + dirfd + ", \"" + name + "\")");
        }
    }

    public static void unlinkat(int dirfd, String name, int flags) {
        try (Arena a = Arena.ofConfined()) {
            ok(unlinkatRaw(dirfd, a.allocateFrom(name), flags), "unlinkat(" + dirfd + ", \"" + name + "\")");
        }
    }

    public static void renameat2(int olddirfd, String oldname, int newdirfd, String newname, int flags) {
        try (Arena a = Arena.ofConfined()) {
            ok(renameat2Raw(olddirfd, a.allocateFrom(oldname), newdirfd, a.allocateFrom(newname), flags),
                    "renameat2(\"" + oldname + "\", \"" + newname + "\", " + flags + ")");
        }
    }

    public static void linkat(int olddirfd, String oldname, int newdirfd, String newname, int flags) {
        try (Arena a = Arena.ofConfined()) {
            ok(linkatRaw(olddirfd, a.allocateFrom(oldname), newdirfd, a.allocateFrom(newname), flags),
                    "linkat(\"" + oldname + "\", \"" + newname + "\")");
        }
    }

    public static void symlinkat(String target, int dirfd, String name) {
        try (Arena a = Arena.ofConfined()) {
            ok(symlinkatRaw(a.allocateFrom(target), dirfd, a.allocateFrom(name)),
                    "symlinkat(\"" + target + "\", \"" + name + "\")");
        }
    }

    public static String readlinkat(int dirfd, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(4096);
            long r = readlinkatRaw(dirfd, a.allocateFrom(name), buf);
            if (r < 0) throw new ErrnoException("readlinkat(" + dirfd + ", \"" + name + "\")", (int) -r);
            return new String(buf.asSlice(0, r).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
