package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.fs.Context;
import io.jvirtiod.fs.FileSystem;
import io.jvirtiod.fs.InitConfig;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/** A file system that records each call as a line and answers with fixed, recognizable values. */
class RecordingFileSystem implements FileSystem {
    final List<String> calls = new ArrayList<>();
    byte[] lastWrite;
    byte[] fileData = "hello, fuse\n".getBytes(StandardCharsets.UTF_8);
    InitConfig lastInit;

    synchronized void record(String s) {
        calls.add(s);
    }

    synchronized String lastCall() {
        return calls.isEmpty() ? null : calls.get(calls.size() - 1);
    }

    @Override
    public int init(Context ctx, InitConfig config) {
        lastInit = config;
        record("init " + config.kernelMajor() + "." + config.kernelMinor());
        return 0;
    }

    @Override
    public int lookup(Context ctx, long parent, Name name, EntryOut out) {
        record("lookup " + parent + " " + name + " uid=" + ctx.uid() + " gid=" + ctx.gid() + " pid=" + ctx.pid());
        if (name.contentEquals("missing")) return -Errno.ENOENT;
        out.nodeid(7).generation(1).entryValid(1, 0).attrValid(1, 0);
        out.attr().ino(7).mode(0100644).nlink(1).size(fileData.length);
        return 0;
    }

    @Override
    public void forget(Context ctx, long nodeid, long nlookup) {
        record("forget " + nodeid + " " + nlookup);
    }

    @Override
    public int getattr(Context ctx, long nodeid, int getattrFlags, long fh, AttrOut out) {
        record("getattr " + nodeid + " flags=" + getattrFlags + " fh=" + fh);
        out.attrValid(2, 5).attr().ino(nodeid).mode(040755).nlink(2);
        return 0;
    }

    @Override
    public int mkdir(Context ctx, long parent, Name name, int mode, int umask, EntryOut out) {
        StringBuilder g = new StringBuilder();
        for (int i = 0; i < ctx.supplementaryGroupCount(); i++) g.append(' ').append(ctx.supplementaryGroup(i));
        record("mkdir " + parent + " " + name + " " + Integer.toOctalString(mode) + " groups:" + g);
        out.nodeid(9).attr().ino(9).mode(040000 | mode);
        return 0;
    }

    @Override
    public int rename(Context ctx, long parent, Name name, long newParent, Name newName, int flags) {
        record("rename " + parent + " " + name + " " + newParent + " " + newName + " " + flags);
        return 0;
    }

    @Override
    public int symlink(Context ctx, long parent, Name name, Name target, EntryOut out) {
        record("symlink " + parent + " " + name + " -> " + target);
        out.nodeid(10);
        return 0;
    }

    @Override
    public int link(Context ctx, long nodeid, long newParent, Name newName, EntryOut out) {
        record("link " + nodeid + " " + newParent + " " + newName);
        out.nodeid(nodeid);
        return 0;
    }

    @Override
    public int open(Context ctx, long nodeid, int flags, int openFlags, OpenOut out) {
        record("open " + nodeid + " " + flags);
        out.fh(77).openFlags(io.jvirtiod.binding.fuse.FuseH.FOPEN_KEEP_CACHE);
        return 0;
    }

    @Override
    public int read(Context ctx, long nodeid, ReadIn in, ReadSink dst) {
        record("read " + nodeid + " fh=" + in.fh() + " off=" + in.offset() + " size=" + in.size());
        int n = (int) Math.max(0, Math.min(in.size(), fileData.length - in.offset()));
        dst.put(0, MemorySegment.ofArray(fileData), in.offset(), n);
        return n;
    }

    @Override
    public int write(Context ctx, long nodeid, WriteIn in, WriteSource src) {
        record("write " + nodeid + " fh=" + in.fh() + " off=" + in.offset() + " size=" + in.size());
        byte[] b = new byte[(int) src.size()];
        src.get(0, MemorySegment.ofArray(b), 0, b.length);
        lastWrite = b;
        return b.length;
    }

    @Override
    public int readdir(Context ctx, long nodeid, long fh, long offset, DirentSink out) {
        record("readdir " + nodeid + " " + offset);
        String[] names = {".", "..", "hello"};
        for (long i = Math.max(offset, 0); i < names.length; i++) {
            if (!out.add(i + 1, i + 1, 4, names[(int) i])) break;
        }
        return 0;
    }

    @Override
    public int readdirplus(Context ctx, long nodeid, long fh, long offset, DirentSink out) {
        record("readdirplus " + nodeid + " " + offset);
        EntryOut e = out.addPlus(7, 1, 8, "hello");
        if (e != null) e.nodeid(7).attr().ino(7).mode(0100644);
        return 0;
    }

    @Override
    public int setxattr(Context ctx, long nodeid, Name name, MemorySegment value, long valueOffset, int valueSize,
                        int flags, int setxattrFlags) {
        byte[] v = new byte[valueSize];
        MemorySegment.copy(value, JAVA_BYTE, valueOffset, v, 0, valueSize);
        record("setxattr " + nodeid + " " + name + "=" + new String(v, StandardCharsets.UTF_8) + " flags=" + flags
                + " sx=" + setxattrFlags);
        return 0;
    }

    @Override
    public int getxattr(Context ctx, long nodeid, Name name, ByteSink out) {
        record("getxattr " + nodeid + " " + name + " cap=" + out.capacity());
        byte[] v = "value".getBytes(StandardCharsets.UTF_8);
        if (out.capacity() == 0) return v.length;
        if (out.capacity() < v.length) return -Errno.ERANGE;
        return out.put(v);
    }

    @Override
    public int create(Context ctx, long parent, Name name, int flags, int mode, int umask, int openFlags,
                      EntryOut entry, OpenOut open) {
        record("create " + parent + " " + name + " " + Integer.toOctalString(mode));
        entry.nodeid(11).attr().ino(11).mode(0100000 | mode);
        open.fh(88);
        return 0;
    }

    @Override
    public int tmpfile(Context ctx, long parent, int flags, int mode, int umask, int openFlags, EntryOut entry,
                       OpenOut open) {
        record("tmpfile " + parent);
        entry.nodeid(12);
        open.fh(89);
        return 0;
    }

    @Override
    public int setlk(Context ctx, long nodeid, LockIn in, boolean sleep) {
        record("setlk " + nodeid + " " + in.start() + "-" + in.end() + " type=" + in.type() + " sleep=" + sleep);
        return 0;
    }

    @Override
    public long lseek(Context ctx, long nodeid, long fh, long offset, int whence) {
        record("lseek " + fh + " " + offset + " " + whence);
        return offset + 100;
    }

    @Override
    public int statfs(Context ctx, long nodeid, StatfsOut out) {
        record("statfs");
        out.set(1000, 500, 400, 100, 50, 4096, 255, 4096);
        return 0;
    }

    @Override
    public void destroy() {
        record("destroy");
    }
}
