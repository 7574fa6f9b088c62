package io.jvirtiod.fs.fuse;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.fs.Context;
import io.jvirtiod.fs.FileSystem;
import io.jvirtiod.fs.protocol.Attr;
import io.jvirtiod.fs.protocol.AttrOut;
import io.jvirtiod.fs.protocol.ByteSink;
import io.jvirtiod.fs.protocol.DirentSink;
import io.jvirtiod.fs.protocol.EntryOut;
import io.jvirtiod.fs.protocol.Name;
import io.jvirtiod.fs.protocol.OpenOut;
import io.jvirtiod.fs.protocol.ReadIn;
import io.jvirtiod.fs.protocol.ReadSink;
import io.jvirtiod.fs.protocol.SetattrIn;
import io.jvirtiod.fs.protocol.StatfsOut;
import io.jvirtiod.fs.protocol.WriteIn;
import io.jvirtiod.fs.protocol.WriteSource;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny in-memory tree for testing the transport through the kernel: / with "hello" (read-only text),
 * "link" -> hello, "dir" (empty) and "scratch" (writable).
 */
final class HelloFileSystem implements FileSystem {
    static final byte[] HELLO = "Hello, world!\n".getBytes(StandardCharsets.US_ASCII);
    static final long ROOT = FuseH.FUSE_ROOT_ID, HELLO_ID = 2, DIR_ID = 3, LINK_ID = 4, SCRATCH_ID = 5;
    private static final String[] NAMES = {"hello", "dir", "link", "scratch"};
    private static final long[] IDS = {HELLO_ID, DIR_ID, LINK_ID, SCRATCH_ID};

    volatile byte[] scratch = new byte[0];
    volatile boolean destroyed;
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger lookups = new AtomicInteger();
    final AtomicInteger getattrs = new AtomicInteger();
    final AtomicInteger largestWrite = new AtomicInteger();

    @Override
    public int lookup(Context ctx, long parent, Name name, EntryOut out) {
        if (parent != ROOT) return -Errno.ENOENT;
        for (int i = 0; i < NAMES.length; i++) {
            if (name.contentEquals(NAMES[i])) {
                lookups.incrementAndGet();
                out.nodeid(IDS[i]).generation(1).entryValid(60, 0).attrValid(60, 0);
                fill(IDS[i], out.attr());
                return 0;
            }
        }
        return -Errno.ENOENT;
    }

    private void fill(long node, Attr a) {
        a.ino(node).nlink(1).uid(0).gid(0).blksize(4096).mtime(1_700_000_000L, 5).atime(1_700_000_000L, 0)
                .ctime(1_700_000_000L, 0);
        if (node == ROOT || node == DIR_ID) a.mode(040755).nlink(2);
        else if (node == LINK_ID) a.mode(0120777).size(5);
        else if (node == SCRATCH_ID) a.mode(0100666).size(scratch.length);
        else a.mode(0100444).size(HELLO.length);
    }

    @Override
    public int getattr(Context ctx, long nodeid, int getattrFlags, long fh, AttrOut out) {
        if (nodeid < ROOT || nodeid > SCRATCH_ID) return -Errno.ENOENT;
        getattrs.incrementAndGet();
        out.attrValid(60, 0);
        fill(nodeid, out.attr());
        return 0;
    }

    @Override
    public int setattr(Context ctx, long nodeid, SetattrIn in, AttrOut out) {
        if (nodeid != SCRATCH_ID) return -Errno.EPERM;
        if (in.has(FuseH.FATTR_SIZE)) scratch = Arrays.copyOf(scratch, (int) in.size());
        out.attrValid(1, 0);
        fill(nodeid, out.attr());
        return 0;
    }

    @Override
    public int readlink(Context ctx, long nodeid, ByteSink out) {
        if (nodeid != LINK_ID) return -Errno.EINVAL;
        return out.put("hello".getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public int opendir(Context ctx, long nodeid, int flags, OpenOut out) {
        if (nodeid != ROOT && nodeid != DIR_ID) return -Errno.ENOTDIR;
        out.fh(nodeid);
        return 0;
    }

    @Override
    public int readdir(Context ctx, long nodeid, long fh, long offset, DirentSink out) {
        int total = nodeid == ROOT ? NAMES.length + 2 : 2;
        for (long i = offset; i < total; i++) {
            String name = i == 0 ? "." : i == 1 ? ".." : NAMES[(int) i - 2];
            long ino = i < 2 ? nodeid : IDS[(int) i - 2];
            int type = ino == DIR_ID || ino == ROOT ? 4 : ino == LINK_ID ? 10 : 8;
            if (!out.add(ino, i + 1, type, name)) break;
        }
        return 0;
    }

    @Override
    public int releasedir(Context ctx, long nodeid, long fh, int flags) {
        return 0;
    }

    @Override
    public int open(Context ctx, long nodeid, int flags, int openFlags, OpenOut out) {
        if (nodeid == HELLO_ID && (flags & 3) != 0) return -Errno.EACCES;
        if (nodeid != HELLO_ID && nodeid != SCRATCH_ID) return -Errno.EISDIR;
        out.fh(100 + nodeid);
        return 0;
    }

    @Override
    public int read(Context ctx, long nodeid, ReadIn in, ReadSink dst) {
        reads.incrementAndGet();
        byte[] data = nodeid == HELLO_ID ? HELLO : scratch;
        long off = in.offset();
        if (off >= data.length) return 0;
        int n = (int) Math.min(in.size(), data.length - off);
        dst.put(0, MemorySegment.ofArray(data), off, n);
        return n;
    }

    @Override
    public synchronized int write(Context ctx, long nodeid, WriteIn in, WriteSource src) {
        if (nodeid != SCRATCH_ID) return -Errno.EBADF;
        largestWrite.accumulateAndGet(in.size(), Math::max);
        int end = (int) (in.offset() + src.size());
        byte[] b = Arrays.copyOf(scratch, Math.max(end, scratch.length));
        src.get(0, MemorySegment.ofArray(b), in.offset(), src.size());
        scratch = b;
        return (int) src.size();
    }

    @Override
    public int flush(Context ctx, long nodeid, long fh, long lockOwner) {
        return 0;
    }

    @Override
    public int release(Context ctx, long nodeid, long fh, int flags, int releaseFlags, long lockOwner) {
        return 0;
    }

    @Override
    public int statfs(Context ctx, long nodeid, StatfsOut out) {
        out.set(1000, 900, 900, 100, 96, 4096, 255, 4096);
        return 0;
    }

    @Override
    public void destroy() {
        destroyed = true;
    }
}
