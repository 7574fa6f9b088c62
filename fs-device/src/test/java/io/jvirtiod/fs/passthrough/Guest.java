package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.fuse.FuseAttrOut;
import io.jvirtiod.binding.fuse.FuseEntryOut;
import io.jvirtiod.binding.fuse.FuseFileLock;
import io.jvirtiod.binding.fuse.FuseInHeader;
import io.jvirtiod.binding.fuse.FuseLkIn;
import io.jvirtiod.binding.fuse.FuseOpenOut;
import io.jvirtiod.binding.fuse.FuseReadIn;
import io.jvirtiod.binding.fuse.FuseSetattrIn;
import io.jvirtiod.binding.fuse.FuseWriteIn;
import io.jvirtiod.fs.Context;
import io.jvirtiod.fs.protocol.AttrOut;
import io.jvirtiod.fs.protocol.ByteSink;
import io.jvirtiod.fs.protocol.DirentSink;
import io.jvirtiod.fs.protocol.EntryOut;
import io.jvirtiod.fs.protocol.LockIn;
import io.jvirtiod.fs.protocol.LockOut;
import io.jvirtiod.fs.protocol.Name;
import io.jvirtiod.fs.protocol.OpenOut;
import io.jvirtiod.fs.protocol.ReadIn;
import io.jvirtiod.fs.protocol.ReadSink;
import io.jvirtiod.fs.protocol.SetattrIn;
import io.jvirtiod.fs.protocol.WriteIn;
import io.jvirtiod.fs.protocol.WriteSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Plays a guest kernel against a {@link PassthroughFs}: builds requests (names, setattr, lock, read/write
 * arguments) as raw bytes, as a malicious guest could craft them, and reads the replies. Not thread-safe: one
 * Guest per thread.
 */
final class Guest implements AutoCloseable {
    final PassthroughFs fs;
    final Arena arena = Arena.ofShared();
    final Context ctx = new Context();
    private final MemorySegment header = arena.allocate(FuseInHeader.LAYOUT);
    final MemorySegment entrySeg = arena.allocate(FuseEntryOut.SIZE);
    final EntryOut entry = new EntryOut();
    final MemorySegment attrSeg = arena.allocate(FuseAttrOut.SIZE);
    final AttrOut attr = new AttrOut();
    final MemorySegment openSeg = arena.allocate(FuseOpenOut.SIZE);
    final OpenOut open = new OpenOut();

    Guest(PassthroughFs fs) {
        this.fs = fs;
        as(0, 0);
    }

    /** Requests from now on come from uid/gid. */
    Guest as(int uid, int gid) {
        header.set(JAVA_INT, FuseInHeader.OFFSET_UID, uid);
        header.set(JAVA_INT, FuseInHeader.OFFSET_GID, gid);
        header.set(JAVA_INT, FuseInHeader.OFFSET_PID, 4242);
        ctx.wrap(header);
        return this;
    }

    /** A request name: the bytes, then a NUL (as the decoder guarantees). */
    Name name(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        MemorySegment seg = arena.allocate(b.length + 1L);
        MemorySegment.copy(b, 0, seg, JAVA_BYTE, 0, b.length);
        return new Name().wrap(seg, 0, b.length);
    }

    EntryOut entry() {
        entrySeg.fill((byte) 0);
        return entry.wrap(entrySeg, 0);
    }

    AttrOut attr() {
        attrSeg.fill((byte) 0);
        return attr.wrap(attrSeg, 0);
    }

    OpenOut open() {
        openSeg.fill((byte) 0);
        return open.wrap(openSeg, 0);
    }

    /** Open fds of this process (the servers under test run in it, so their fds are counted too). */
    static long openFds() throws java.io.IOException {
        try (var s = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    long nodeid() {
        return entry.nodeid();
    }

    int mode() {
        return entry.attr().mode();
    }

    /** LOOKUP; returns the node id, or the negative errno. */
    long lookup(long parent, String name) {
        int r = fs.lookup(ctx, parent, name(name), entry());
        return r < 0 ? r : entry.nodeid();
    }

    /** Looks up a slash-separated path from the root (one LOOKUP per component). */
    long walk(String path) {
        long node = 1;
        for (String part : path.split("/")) {
            if (part.isEmpty()) continue;
            node = lookup(node, part);
            if (node < 0) return node;
        }
        return node;
    }

    long create(long parent, String name, int flags, int mode) {
        int r = fs.create(ctx, parent, name(name), flags, mode, 0, 0, entry(), open());
        return r < 0 ? r : open.fh();
    }

    long openFile(long node, int flags) {
        int r = fs.open(ctx, node, flags, 0, open());
        return r < 0 ? r : open.fh();
    }

    long mkdir(long parent, String name, int mode) {
        int r = fs.mkdir(ctx, parent, name(name), mode, 0, entry());
        return r < 0 ? r : entry.nodeid();
    }

    long symlink(long parent, String name, String target) {
        int r = fs.symlink(ctx, parent, name(name), name(target), entry());
        return r < 0 ? r : entry.nodeid();
    }

    int getattr(long node) {
        return fs.getattr(ctx, node, 0, 0, attr());
    }

    int write(long fh, long offset, String data) {
        byte[] b = data.getBytes(StandardCharsets.UTF_8);
        MemorySegment in = arena.allocate(FuseWriteIn.LAYOUT);
        in.set(JAVA_LONG, FuseWriteIn.OFFSET_FH, fh);
        in.set(JAVA_LONG, FuseWriteIn.OFFSET_OFFSET, offset);
        in.set(JAVA_INT, FuseWriteIn.OFFSET_SIZE, b.length);
        MemorySegment buf = arena.allocate(Math.max(1, b.length));
        MemorySegment.copy(b, 0, buf, JAVA_BYTE, 0, b.length);
        WriteSource src = new WriteSource(arena, 4);
        src.add(buf, 0, b.length);
        return fs.write(ctx, 0, new WriteIn().wrap(in, 0), src);
    }

    /** READ; returns the data or throws with the errno. */
    String read(long fh, long offset, int size) {
        MemorySegment in = arena.allocate(FuseReadIn.LAYOUT);
        in.set(JAVA_LONG, FuseReadIn.OFFSET_FH, fh);
        in.set(JAVA_LONG, FuseReadIn.OFFSET_OFFSET, offset);
        in.set(JAVA_INT, FuseReadIn.OFFSET_SIZE, size);
        MemorySegment buf = arena.allocate(size);
        ReadSink dst = new ReadSink(arena, 4);
        dst.add(buf, 0, size);
        int n = fs.read(ctx, 0, new ReadIn().wrap(in, 0), dst);
        if (n < 0) throw new IllegalStateException("read failed: " + n);
        return new String(buf.asSlice(0, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
    }

    int readRaw(long fh, long offset, int size) {
        MemorySegment in = arena.allocate(FuseReadIn.LAYOUT);
        in.set(JAVA_LONG, FuseReadIn.OFFSET_FH, fh);
        in.set(JAVA_LONG, FuseReadIn.OFFSET_OFFSET, offset);
        in.set(JAVA_INT, FuseReadIn.OFFSET_SIZE, size);
        ReadSink dst = new ReadSink(arena, 4);
        dst.add(arena.allocate(size), 0, size);
        return fs.read(ctx, 0, new ReadIn().wrap(in, 0), dst);
    }

    /** SETATTR with {@code valid} FATTR bits; the setter fills the argument. */
    int setattr(long node, int valid, java.util.function.Consumer<MemorySegment> fill) {
        MemorySegment in = arena.allocate(FuseSetattrIn.LAYOUT);
        in.set(JAVA_INT, FuseSetattrIn.OFFSET_VALID, valid);
        fill.accept(in);
        return fs.setattr(ctx, node, new SetattrIn().wrap(in, 0), attr());
    }

    String readlink(long node) {
        MemorySegment buf = arena.allocate(4096);
        int n = fs.readlink(ctx, node, new ByteSink().wrap(buf, 0, 4096));
        if (n < 0) return "errno " + -n;
        return new String(buf.asSlice(0, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
    }

    /** SETLK/GETLK request. */
    LockIn lock(long fh, long owner, long start, long end, int type, boolean flock) {
        MemorySegment in = arena.allocate(FuseLkIn.LAYOUT);
        in.set(JAVA_LONG, FuseLkIn.OFFSET_FH, fh);
        in.set(JAVA_LONG, FuseLkIn.OFFSET_OWNER, owner);
        in.set(JAVA_LONG, FuseLkIn.OFFSET_LK + FuseFileLock.OFFSET_START, start);
        in.set(JAVA_LONG, FuseLkIn.OFFSET_LK + FuseFileLock.OFFSET_END, end);
        in.set(JAVA_INT, FuseLkIn.OFFSET_LK + FuseFileLock.OFFSET_TYPE, type);
        in.set(JAVA_INT, FuseLkIn.OFFSET_LK_FLAGS, flock ? io.jvirtiod.binding.fuse.FuseH.FUSE_LK_FLOCK : 0);
        return new LockIn().wrap(in, 0);
    }

    /** GETLK; returns {type, start, end}. */
    long[] getlk(LockIn in) {
        MemorySegment out = arena.allocate(FuseFileLock.LAYOUT);
        int r = fs.getlk(ctx, 0, in, new LockOut().wrap(out, 0));
        if (r < 0) return new long[] {r};
        return new long[] {out.get(JAVA_INT, FuseFileLock.OFFSET_TYPE), out.get(JAVA_LONG, FuseFileLock.OFFSET_START),
                out.get(JAVA_LONG, FuseFileLock.OFFSET_END)};
    }

    /** A directory entry as READDIR(PLUS) returned it. */
    record Dirent(String name, long ino, long off, int type, long nodeid) {}

    /** One READDIR or READDIRPLUS call of {@code size} bytes from {@code offset}. */
    List<Dirent> readdir(long fh, long offset, int size, boolean plus) {
        MemorySegment buf = arena.allocate(size, 8);
        DirentSink sink = new DirentSink().wrap(buf, 0, size, plus);
        int n = plus ? fs.readdirplus(ctx, 0, fh, offset, sink) : fs.readdir(ctx, 0, fh, offset, sink);
        if (n < 0) throw new IllegalStateException("readdir failed: " + n);
        List<Dirent> out = new ArrayList<>();
        long at = 0;
        while (at < n) {
            long nodeid = 0;
            long d = at;
            if (plus) {
                nodeid = buf.get(JAVA_LONG, at + FuseEntryOut.OFFSET_NODEID);
                d = at + FuseEntryOut.SIZE;
            }
            long ino = buf.get(JAVA_LONG, d);
            long off = buf.get(JAVA_LONG, d + 8);
            int len = buf.get(JAVA_INT, d + 16);
            int type = buf.get(JAVA_INT, d + 20);
            String name = new String(buf.asSlice(d + 24, len).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
            out.add(new Dirent(name, ino, off, type, nodeid));
            at = (d + 24 + len + 7) & ~7L;
        }
        return out;
    }

    @Override
    public void close() {
        arena.close();
    }
}
