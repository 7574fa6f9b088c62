package io.jvirtiod.vhostuser;

import io.jvirtiod.binding.fuse.FuseAttr;
import io.jvirtiod.binding.fuse.FuseAttrOut;
import io.jvirtiod.binding.fuse.FuseCreateIn;
import io.jvirtiod.binding.fuse.FuseEntryOut;
import io.jvirtiod.binding.fuse.FuseGetattrIn;
import io.jvirtiod.binding.fuse.FuseGetxattrIn;
import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseInitOut;
import io.jvirtiod.binding.fuse.FuseFileLock;
import io.jvirtiod.binding.fuse.FuseLinkIn;
import io.jvirtiod.binding.fuse.FuseLkIn;
import io.jvirtiod.binding.fuse.FuseLkOut;
import io.jvirtiod.binding.fuse.FuseMkdirIn;
import io.jvirtiod.binding.fuse.FuseMknodIn;
import io.jvirtiod.binding.fuse.FuseOpenIn;
import io.jvirtiod.binding.fuse.FuseOpenOut;
import io.jvirtiod.binding.fuse.FuseOutHeader;
import io.jvirtiod.binding.fuse.FuseReadIn;
import io.jvirtiod.binding.fuse.FuseReleaseIn;
import io.jvirtiod.binding.fuse.FuseSetattrIn;
import io.jvirtiod.binding.fuse.FuseSetxattrIn;
import io.jvirtiod.binding.fuse.FuseWriteIn;
import io.jvirtiod.binding.fuse.FuseWriteOut;
import io.jvirtiod.binding.sys.FcntlH;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.LockH;
import io.jvirtiod.mock.FuseRequest;
import io.jvirtiod.mock.SplitDriver;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The {@link Attacker} of a guest kernel: a vhost-user front end that negotiates as QEMU does, starts request
 * queue 1 and sends, for each path operation, the FUSE requests Linux's fuse module would (LOOKUP of each
 * component from the root, then the operation on the node ids it got), with the caller's uid and gid in every
 * in-header. Attacks that forge what no kernel sends use the raw requests ({@link #call}, {@link #callRaw}),
 * the ring ({@link #ring}) and the front end ({@link #frontEnd}) directly.
 */
final class ChainAttacker implements Attacker, AutoCloseable {
    /** INIT flags offered, as a 6.x kernel would (the server withholds the lock flags). */
    static final int OFFERED = FuseH.FUSE_ASYNC_READ | FuseH.FUSE_POSIX_LOCKS | FuseH.FUSE_FLOCK_LOCKS
            | FuseH.FUSE_BIG_WRITES | FuseH.FUSE_MAX_PAGES | FuseH.FUSE_DONT_MASK | FuseH.FUSE_HANDLE_KILLPRIV_V2
            | FuseH.FUSE_SETXATTR_EXT | FuseH.FUSE_EXPORT_SUPPORT;
    private static final int ENTRY = (int) FuseEntryOut.SIZE;

    final VhostUserFsFixture fx;
    private final Path share;
    private final FakeFrontEnd fe;
    private final SplitDriver ring;
    private final int[] fds;
    private final FuseOverRing fuse;
    private final int granted;
    private final List<long[]> handles = new ArrayList<>(); // {node id, fh}
    private int uid;

    ChainAttacker(VhostUserFsFixture fx, Path share) throws InterruptedException {
        this.fx = fx;
        this.share = share;
        fe = fx.connect();
        VhostUserFsFixture.negotiate(fe);
        fx.setMemTable(fe);
        ring = fx.driver(0);
        fds = fx.startRing(fe, 1, ring);
        fuse = new FuseOverRing(ring, fds[0]);
        byte[] initIn = FuseRequest.initIn(41, 131072, OFFERED, 0);
        assertEquals(0, call(FuseH.FUSE_INIT, 0, new byte[][] {initIn}, (int) FuseInitOut.SIZE), "INIT");
        granted = fuse.replyArg(0, FuseInitOut.SIZE).get(JAVA_INT_UNALIGNED, FuseInitOut.OFFSET_FLAGS);
    }

    @Override
    public Attacker as(int callerUid, int callerGid) {
        uid = callerUid;
        fuse.caller(callerUid, callerGid);
        return this;
    }

    @Override
    public Path share() {
        return share;
    }

    @Override
    public ChainAttacker chain() {
        return this;
    }

    /** The front end's connection to the back end. */
    FakeFrontEnd frontEnd() {
        return fe;
    }

    /** The driver of request queue 1. */
    SplitDriver ring() {
        return ring;
    }

    /** The kick eventfd of request queue 1. */
    int kickFd() {
        return fds[0];
    }

    /** Request queue 1 as FUSE requests. */
    FuseOverRing fuse() {
        return fuse;
    }

    /** One request (the in-header made here), {@code outSizes} of reply buffers after the out-header. */
    int call(int opcode, long nodeid, byte[][] args, int... outSizes) throws InterruptedException {
        return fuse.call(opcode, nodeid, args, outSizes);
    }

    /** One request whose in-header and arguments the attack made itself. */
    int callRaw(int opcode, byte[][] parts, int... outSizes) throws InterruptedException {
        return fuse.callRaw(opcode, parts, outSizes);
    }

    /** An in-header from the current caller, with the next unique id. */
    byte[] header(int opcode, long nodeid, int len) {
        return fuse.inHeader(opcode, nodeid, len);
    }

    /** Reply argument {@code j} of the last request. */
    MemorySegment reply(int j, long size) {
        return fuse.replyArg(j, size);
    }

    /** A name argument: its bytes and a NUL. */
    static byte[] name(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(b, b.length + 1);
    }

    /** A fixed-size argument struct of {@code size} bytes filled by {@code fill}. */
    static byte[] struct(long size, Consumer<MemorySegment> fill) {
        byte[] b = new byte[(int) size];
        fill.accept(MemorySegment.ofArray(b));
        return b;
    }

    /** LOOKUP: the node id, or -errno. */
    long lookup(long parent, String name) throws InterruptedException {
        int r = call(FuseH.FUSE_LOOKUP, parent, new byte[][] {name(name)}, ENTRY);
        return r < 0 ? r : entryNode();
    }

    private long entryNode() {
        return reply(0, ENTRY).get(JAVA_LONG_UNALIGNED, FuseEntryOut.OFFSET_NODEID);
    }

    /** The node id of {@code path} (LOOKUP of each component, as the kernel's path walk), or -errno. */
    long node(String path) throws InterruptedException {
        long node = FuseH.FUSE_ROOT_ID;
        if (path.isEmpty()) return node;
        for (String part : path.split("/")) {
            node = lookup(node, part);
            if (node < 0) break;
        }
        return node;
    }

    private long parent(String path) throws InterruptedException {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? FuseH.FUSE_ROOT_ID : node(path.substring(0, slash));
    }

    private static String last(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Sends a request naming the last component of {@code path} in its parent, after walking to the parent. */
    private int inParent(int opcode, String path, byte[] first, int... outSizes) throws InterruptedException {
        long dir = parent(path);
        if (dir < 0) return (int) dir;
        byte[][] args = first == null ? new byte[][] {name(last(path))} : new byte[][] {first, name(last(path))};
        return call(opcode, dir, args, outSizes);
    }

    @Override
    public int mknod(String path, int mode, int rdev) throws InterruptedException {
        return inParent(FuseH.FUSE_MKNOD, path, struct(FuseMknodIn.SIZE, s -> {
            s.set(JAVA_INT_UNALIGNED, FuseMknodIn.OFFSET_MODE, mode);
            s.set(JAVA_INT_UNALIGNED, FuseMknodIn.OFFSET_RDEV, rdev);
        }), ENTRY);
    }

    @Override
    public int mkdir(String path, int mode) throws InterruptedException {
        return inParent(FuseH.FUSE_MKDIR, path,
                struct(FuseMkdirIn.SIZE, s -> s.set(JAVA_INT_UNALIGNED, FuseMkdirIn.OFFSET_MODE, mode)), ENTRY);
    }

    @Override
    public int symlink(String target, String path) throws InterruptedException {
        long dir = parent(path);
        if (dir < 0) return (int) dir;
        return call(FuseH.FUSE_SYMLINK, dir, new byte[][] {name(last(path)), name(target)}, ENTRY);
    }

    @Override
    public int link(String from, String to) throws InterruptedException {
        long old = node(from);
        if (old < 0) return (int) old;
        return inParent(FuseH.FUSE_LINK, to,
                struct(FuseLinkIn.SIZE, s -> s.set(JAVA_LONG_UNALIGNED, FuseLinkIn.OFFSET_OLDNODEID, old)), ENTRY);
    }

    @Override
    public int unlink(String path) throws InterruptedException {
        return inParent(FuseH.FUSE_UNLINK, path, null);
    }

    /** A new handle for {@code node}, its fh in reply argument {@code openOut}; or {@code openOut} if negative. */
    private long handle(long node, int openOut) {
        if (openOut < 0) return openOut;
        long fh = reply(openOut, FuseOpenOut.SIZE).get(JAVA_LONG_UNALIGNED, FuseOpenOut.OFFSET_FH);
        handles.add(new long[] {node, fh});
        return handles.size() - 1;
    }

    @Override
    public long open(String path, int flags) throws InterruptedException {
        long node = node(path);
        if (node < 0) return node;
        int r = call(FuseH.FUSE_OPEN, node, new byte[][] {struct(FuseOpenIn.SIZE, s -> {
            s.set(JAVA_INT_UNALIGNED, FuseOpenIn.OFFSET_FLAGS, flags);
            s.set(JAVA_INT_UNALIGNED, FuseOpenIn.OFFSET_OPEN_FLAGS, truncKill(flags));
        })}, (int) FuseOpenOut.SIZE);
        return handle(node, r < 0 ? r : 0);
    }

    @Override
    public long create(String path, int flags, int mode) throws InterruptedException {
        int r = inParent(FuseH.FUSE_CREATE, path, struct(FuseCreateIn.SIZE, s -> {
            s.set(JAVA_INT_UNALIGNED, FuseCreateIn.OFFSET_FLAGS, flags | FcntlH.O_CREAT);
            s.set(JAVA_INT_UNALIGNED, FuseCreateIn.OFFSET_MODE, mode);
            s.set(JAVA_INT_UNALIGNED, FuseCreateIn.OFFSET_OPEN_FLAGS, truncKill(flags));
        }), ENTRY, (int) FuseOpenOut.SIZE);
        return handle(r < 0 ? 0 : entryNode(), r < 0 ? r : 1);
    }

    /** The {node id, fh} of a handle {@link #open} or {@link #create} returned. */
    long[] opened(long handle) {
        return handles.get((int) handle);
    }

    @Override
    public long read(long handle, int size) throws InterruptedException {
        long[] h = opened(handle);
        int r = call(FuseH.FUSE_READ, h[0], new byte[][] {struct(FuseReadIn.SIZE, s -> {
            s.set(JAVA_LONG_UNALIGNED, FuseReadIn.OFFSET_FH, h[1]);
            s.set(JAVA_INT_UNALIGNED, FuseReadIn.OFFSET_SIZE, size);
        })}, size);
        return r < 0 ? r : fuse.usedLength - (int) FuseOutHeader.SIZE;
    }

    @Override
    public long write(long handle, byte[] data) throws InterruptedException {
        long[] h = opened(handle);
        int r = call(FuseH.FUSE_WRITE, h[0], new byte[][] {struct(FuseWriteIn.SIZE, s -> {
            s.set(JAVA_LONG_UNALIGNED, FuseWriteIn.OFFSET_FH, h[1]);
            s.set(JAVA_INT_UNALIGNED, FuseWriteIn.OFFSET_SIZE, data.length);
            s.set(JAVA_INT_UNALIGNED, FuseWriteIn.OFFSET_WRITE_FLAGS, killFlag(FuseH.FUSE_WRITE_KILL_SUIDGID));
        }), data}, (int) FuseWriteOut.SIZE);
        return r < 0 ? r : reply(0, FuseWriteOut.SIZE).get(JAVA_INT_UNALIGNED, FuseWriteOut.OFFSET_SIZE);
    }

    /** {@code flag} where the kernel sets it: under HANDLE_KILLPRIV_V2 for a caller without CAP_FSETID. */
    private int killFlag(int flag) {
        return uid != 0 && (granted & FuseH.FUSE_HANDLE_KILLPRIV_V2) != 0 ? flag : 0;
    }

    /** FUSE_OPEN_KILL_SUIDGID for an O_TRUNC open, where the kernel sets it (fs/fuse/file.c fuse_open). */
    private int truncKill(int flags) {
        return (flags & FcntlH.O_TRUNC) != 0 ? killFlag(FuseH.FUSE_OPEN_KILL_SUIDGID) : 0;
    }

    @Override
    public int close(long handle) throws InterruptedException {
        long[] h = opened(handle);
        return call(FuseH.FUSE_RELEASE, h[0], new byte[][] {struct(FuseReleaseIn.SIZE,
                s -> s.set(JAVA_LONG_UNALIGNED, FuseReleaseIn.OFFSET_FH, h[1]))});
    }

    /** SETATTR of {@code node} with {@code valid} and the fields {@code fill} sets. */
    int setattr(long node, int valid, Consumer<MemorySegment> fill) throws InterruptedException {
        if (node < 0) return (int) node;
        return call(FuseH.FUSE_SETATTR, node, new byte[][] {struct(FuseSetattrIn.SIZE, s -> {
            s.set(JAVA_INT_UNALIGNED, FuseSetattrIn.OFFSET_VALID, valid);
            fill.accept(s);
        })}, (int) FuseAttrOut.SIZE);
    }

    @Override
    public int truncate(long handle, long size) throws InterruptedException {
        long[] h = opened(handle);
        return setattr(h[0], FuseH.FATTR_SIZE | FuseH.FATTR_FH | killFlag(FuseH.FATTR_KILL_SUIDGID), s -> {
            s.set(JAVA_LONG_UNALIGNED, FuseSetattrIn.OFFSET_FH, h[1]);
            s.set(JAVA_LONG_UNALIGNED, FuseSetattrIn.OFFSET_SIZE, size);
        });
    }

    @Override
    public int chown(String path, int newUid, int newGid) throws InterruptedException {
        return setattr(node(path), FuseH.FATTR_UID | FuseH.FATTR_GID, s -> {
            s.set(JAVA_INT_UNALIGNED, FuseSetattrIn.OFFSET_UID, newUid);
            s.set(JAVA_INT_UNALIGNED, FuseSetattrIn.OFFSET_GID, newGid);
        });
    }

    @Override
    public int chmod(String path, int mode) throws InterruptedException {
        return setattr(node(path), FuseH.FATTR_MODE, s -> s.set(JAVA_INT_UNALIGNED, FuseSetattrIn.OFFSET_MODE, mode));
    }

    @Override
    public int setMtime(String path, long seconds) throws InterruptedException {
        return setattr(node(path), FuseH.FATTR_MTIME,
                s -> s.set(JAVA_LONG_UNALIGNED, FuseSetattrIn.OFFSET_MTIME, seconds));
    }

    @Override
    public int readLockWait(long handle) throws InterruptedException {
        long[] h = opened(handle);
        return call(FuseH.FUSE_SETLKW, h[0], new byte[][] {struct(FuseLkIn.SIZE, l -> {
            l.set(JAVA_LONG_UNALIGNED, FuseLkIn.OFFSET_FH, h[1]);
            l.set(JAVA_LONG_UNALIGNED, FuseLkIn.OFFSET_OWNER, 1000 + handle);
            l.set(JAVA_INT_UNALIGNED, FuseLkIn.OFFSET_LK + FuseFileLock.OFFSET_TYPE, LockH.F_RDLCK);
            l.set(JAVA_LONG_UNALIGNED, FuseLkIn.OFFSET_LK + FuseFileLock.OFFSET_END, Long.MAX_VALUE);
        })}, (int) FuseLkOut.SIZE);
    }

    @Override
    public int setxattr(String path, String name, String value) throws InterruptedException {
        long node = node(path);
        if (node < 0) return (int) node;
        long size = (granted & FuseH.FUSE_SETXATTR_EXT) != 0 ? FuseSetxattrIn.SIZE : 8;
        byte[] in = struct(size, s -> s.set(JAVA_INT_UNALIGNED, FuseSetxattrIn.OFFSET_SIZE, value.length()));
        return call(FuseH.FUSE_SETXATTR, node, new byte[][] {in, name(name), value.getBytes(StandardCharsets.UTF_8)});
    }

    private static byte[] getxattrIn(int size) {
        return struct(FuseGetxattrIn.SIZE, s -> s.set(JAVA_INT_UNALIGNED, FuseGetxattrIn.OFFSET_SIZE, size));
    }

    @Override
    public long getxattr(String path, String name) throws InterruptedException {
        long node = node(path);
        if (node < 0) return node;
        int r = call(FuseH.FUSE_GETXATTR, node, new byte[][] {getxattrIn(4096), name(name)}, 4096);
        return r < 0 ? r : fuse.usedLength - (int) FuseOutHeader.SIZE;
    }

    @Override
    public List<String> listxattr(String path) throws InterruptedException {
        long node = node(path);
        int r = call(FuseH.FUSE_LISTXATTR, node, new byte[][] {getxattrIn(65536)}, 65536);
        if (r < 0) throw new AssertionError("LISTXATTR " + path + ": " + r);
        byte[] list = reply(0, fuse.usedLength - (int) FuseOutHeader.SIZE).toArray(JAVA_BYTE);
        List<String> names = new ArrayList<>();
        for (int i = 0, start = 0; i < list.length; i++) {
            if (list[i] == 0) {
                names.add(new String(list, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return names;
    }

    @Override
    public int removexattr(String path, String name) throws InterruptedException {
        long node = node(path);
        if (node < 0) return (int) node;
        return call(FuseH.FUSE_REMOVEXATTR, node, new byte[][] {name(name)});
    }

    @Override
    public int openByHandle(long nodeid) throws InterruptedException {
        long node = lookup(nodeid, ".");
        return node < 0 ? (int) node : 0;
    }

    @Override
    public int stat(String path) throws InterruptedException {
        long node = node(path);
        if (node < 0) return (int) node;
        int r = call(FuseH.FUSE_GETATTR, node, new byte[][] {new byte[(int) FuseGetattrIn.SIZE]},
                (int) FuseAttrOut.SIZE);
        return r < 0 ? r
                : reply(0, FuseAttrOut.SIZE).get(JAVA_INT_UNALIGNED, FuseAttrOut.OFFSET_ATTR + FuseAttr.OFFSET_MODE);
    }

    @Override
    public void close() {
        FileIo.closeRaw(fds[0]);
        FileIo.closeRaw(fds[1]);
        fe.close();
    }
}
