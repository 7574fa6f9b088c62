package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseAttrOut;
import io.jvirtiod.binding.fuse.FuseBatchForgetIn;
import io.jvirtiod.binding.fuse.FuseCopyFileRangeIn;
import io.jvirtiod.binding.fuse.FuseCreateIn;
import io.jvirtiod.binding.fuse.FuseEntryOut;
import io.jvirtiod.binding.fuse.FuseFallocateIn;
import io.jvirtiod.binding.fuse.FuseFlushIn;
import io.jvirtiod.binding.fuse.FuseForgetOne;
import io.jvirtiod.binding.fuse.FuseFsyncIn;
import io.jvirtiod.binding.fuse.FuseGetattrIn;
import io.jvirtiod.binding.fuse.FuseGetxattrIn;
import io.jvirtiod.binding.fuse.FuseGetxattrOut;
import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseLinkIn;
import io.jvirtiod.binding.fuse.FuseLkIn;
import io.jvirtiod.binding.fuse.FuseLkOut;
import io.jvirtiod.binding.fuse.FuseLseekIn;
import io.jvirtiod.binding.fuse.FuseMkdirIn;
import io.jvirtiod.binding.fuse.FuseMknodIn;
import io.jvirtiod.binding.fuse.FuseOpenIn;
import io.jvirtiod.binding.fuse.FuseOpenOut;
import io.jvirtiod.binding.fuse.FuseReadIn;
import io.jvirtiod.binding.fuse.FuseReleaseIn;
import io.jvirtiod.binding.fuse.FuseRemovemappingOne;
import io.jvirtiod.binding.fuse.FuseRename2In;
import io.jvirtiod.binding.fuse.FuseRenameIn;
import io.jvirtiod.binding.fuse.FuseSetattrIn;
import io.jvirtiod.binding.fuse.FuseSetupmappingIn;
import io.jvirtiod.binding.fuse.FuseSetxattrIn;
import io.jvirtiod.binding.fuse.FuseStatfsOut;
import io.jvirtiod.binding.fuse.FuseStatxIn;
import io.jvirtiod.binding.fuse.FuseStatxOut;
import io.jvirtiod.binding.fuse.FuseWriteIn;
import io.jvirtiod.binding.fuse.FuseWriteOut;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.fs.Context;
import io.jvirtiod.fs.FileSystem;

import java.lang.foreign.MemorySegment;

import static io.jvirtiod.binding.sys.Errno.EINVAL;
import static io.jvirtiod.binding.sys.Errno.EIO;
import static io.jvirtiod.binding.sys.Errno.ENOSYS;
import static io.jvirtiod.fs.protocol.FuseDispatcher.IN;
import static io.jvirtiod.fs.protocol.FuseDispatcher.NO_REPLY;
import static io.jvirtiod.fs.protocol.FuseDispatcher.OUT;
import static io.jvirtiod.fs.protocol.FuseDispatcher.READLINK_MAX;
import static io.jvirtiod.fs.protocol.Replies.clear;
import static io.jvirtiod.fs.protocol.Replies.writeHeader;
import static io.jvirtiod.fs.protocol.RequestArgs.has;
import static io.jvirtiod.fs.protocol.RequestArgs.name;
import static io.jvirtiod.fs.protocol.RequestArgs.onlyComponent;
import static io.jvirtiod.fs.protocol.RequestArgs.twoNames;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * The requests that reach the {@link FileSystem}, one method per opcode (as virtiofsd's server.rs): each checks
 * its fixed argument and names within [IN, end) of the untrusted request, decodes them, calls the file system,
 * and encodes its answer in the worker's reply buffer. {@link FuseDispatcher} has checked the in-header and
 * the session and picks the method; the arguments start at {@link FuseDispatcher#IN}.
 */
final class Operations {
    private final FileSystem fs;
    private final Replies replies;

    Operations(FileSystem fs, Replies replies) {
        this.fs = fs;
        this.replies = replies;
    }

    // ---- name space ----------------------------------------------------------------------------------

    int lookup(Exchange ex, MemorySegment req, long unique, long end) {
        String why = onlyComponent(req, IN, end, ex.name);
        if (why != null) return replies.reject(ex, unique, EINVAL, why);
        clear(ex.reply, FuseEntryOut.SIZE);
        int r = fs.lookup(ex.ctx, ex.ctx.nodeid(), ex.name, ex.entryOut.wrap(ex.reply, OUT));
        return replies.answer(ex, unique, r, FuseEntryOut.SIZE);
    }

    int forget(Exchange ex, MemorySegment req, long end) {
        if (!has(end, 8)) return replies.drop(ex, "FORGET without fuse_forget_in");
        fs.forget(ex.ctx, ex.ctx.nodeid(), req.get(JAVA_LONG_UNALIGNED, IN));
        return NO_REPLY;
    }

    int batchForget(Exchange ex, MemorySegment req, long end) {
        if (!has(end, FuseBatchForgetIn.SIZE)) return replies.drop(ex, "BATCH_FORGET without fuse_batch_forget_in");
        long count = Integer.toUnsignedLong(req.get(JAVA_INT_UNALIGNED, IN + FuseBatchForgetIn.OFFSET_COUNT));
        long first = IN + FuseBatchForgetIn.SIZE;
        if (count * FuseForgetOne.SIZE > end - first) {
            return replies.drop(ex, "BATCH_FORGET count " + count + " overruns the " + (end - first) + " bytes sent");
        }
        fs.batchForget(ex.ctx, ex.forgets.wrap(req, first, (int) count));
        return NO_REPLY;
    }

    int readlink(Exchange ex, long unique) {
        MemorySegment out = ex.reply;
        int cap = (int) Math.min(READLINK_MAX, out.byteSize() - OUT);
        int n = fs.readlink(ex.ctx, ex.ctx.nodeid(), ex.bytes.wrap(out, OUT, cap));
        if (n > cap) return replies.fsBug(ex, unique, "readlink returned " + n + " bytes for " + cap + " of room");
        return replies.answer(ex, unique, n, Math.max(n, 0));
    }

    int symlink(Exchange ex, MemorySegment req, long unique, long end) {
        String why = twoNames(req, IN, end, ex.name, ex.name2, true);
        if (why != null) return replies.reject(ex, unique, EINVAL, why);
        clear(ex.reply, FuseEntryOut.SIZE);
        int r = fs.symlink(ex.ctx, ex.ctx.nodeid(), ex.name, ex.name2, ex.entryOut.wrap(ex.reply, OUT));
        return replies.answer(ex, unique, r, FuseEntryOut.SIZE);
    }

    int mknod(Exchange ex, MemorySegment req, long unique, long end) {
        if (!has(end, FuseMknodIn.SIZE)) return replies.tooShort(ex, unique, "MKNOD", FuseMknodIn.SIZE);
        String why = onlyComponent(req, IN + FuseMknodIn.SIZE, end, ex.name);
        if (why != null) return replies.reject(ex, unique, EINVAL, why);
        clear(ex.reply, FuseEntryOut.SIZE);
        int mode = req.get(JAVA_INT_UNALIGNED, IN + FuseMknodIn.OFFSET_MODE);
        int rdev = req.get(JAVA_INT_UNALIGNED, IN + FuseMknodIn.OFFSET_RDEV);
        int umask = req.get(JAVA_INT_UNALIGNED, IN + FuseMknodIn.OFFSET_UMASK);
        int r = fs.mknod(ex.ctx, ex.ctx.nodeid(), ex.name, mode, rdev, umask, ex.entryOut.wrap(ex.reply, OUT));
        return replies.answer(ex, unique, r, FuseEntryOut.SIZE);
    }

    int mkdir(Exchange ex, MemorySegment req, long unique, long end) {
        if (!has(end, FuseMkdirIn.SIZE)) return replies.tooShort(ex, unique, "MKDIR", FuseMkdirIn.SIZE);
        String why = onlyComponent(req, IN + FuseMkdirIn.SIZE, end, ex.name);
        if (why != null) return replies.reject(ex, unique, EINVAL, why);
        clear(ex.reply, FuseEntryOut.SIZE);
        int mode = req.get(JAVA_INT_UNALIGNED, IN + FuseMkdirIn.OFFSET_MODE);
        int umask = req.get(JAVA_INT_UNALIGNED, IN + FuseMkdirIn.OFFSET_UMASK);
        int r = fs.mkdir(ex.ctx, ex.ctx.nodeid(), ex.name, mode, umask, ex.entryOut.wrap(ex.reply, OUT));
        return replies.answer(ex, unique, r, FuseEntryOut.SIZE);
    }

    int unlink(Exchange ex, MemorySegment req, long unique, long end) {
        String why = onlyComponent(req, IN, end, ex.name);
        if (why != null) return replies.reject(ex, unique, EINVAL, why);
        return replies.answer(ex, unique, fs.unlink(ex.ctx, ex.ctx.nodeid(), ex.name), 0);
    }

    int rmdir(Exchange ex, MemorySegment req, long unique, long end) {
        String why = onlyComponent(req, IN, end, ex.name);
        if (why != null) return replies.reject(ex, unique, EINVAL, why);
        return replies.answer(ex, unique, fs.rmdir(ex.ctx, ex.ctx.nodeid(), ex.name), 0);
    }

    int rename(Exchange ex, MemorySegment req, long unique, long end) {
        if (!has(end, FuseRenameIn.SIZE)) return replies.tooShort(ex, unique, "RENAME", FuseRenameIn.SIZE);
        return rename(ex, req, unique, end, FuseRenameIn.SIZE, 0);
    }

    int rename2(Exchange ex, MemorySegment req, long unique, long end) {
        if (!has(end, FuseRename2In.SIZE)) return replies.tooShort(ex, unique, "RENAME2", FuseRename2In.SIZE);
        return rename(ex, req, unique, end, FuseRename2In.SIZE,
                req.get(JAVA_INT_UNALIGNED, IN + FuseRename2In.OFFSET_FLAGS));
    }

    /** RENAME or RENAME2 once its {@code fixed}-byte argument is there: two names follow it. */
    private int rename(Exchange ex, MemorySegment req, long unique, long end, long fixed, int flags) {
        String why = twoNames(req, IN + fixed, end, ex.name, ex.name2, false);
        if (why != null) return replies.reject(ex, unique, EINVAL, why);
        long newDir = req.get(JAVA_LONG_UNALIGNED, IN + FuseRenameIn.OFFSET_NEWDIR);
        return replies.answer(ex, unique, fs.rename(ex.ctx, ex.ctx.nodeid(), ex.name, newDir, ex.name2, flags), 0);
    }

    int link(Exchange ex, MemorySegment req, long unique, long end) {
        if (!has(end, FuseLinkIn.SIZE)) return replies.tooShort(ex, unique, "LINK", FuseLinkIn.SIZE);
        String why = onlyComponent(req, IN + FuseLinkIn.SIZE, end, ex.name);
        if (why != null) return replies.reject(ex, unique, EINVAL, why);
        clear(ex.reply, FuseEntryOut.SIZE);
        long old = req.get(JAVA_LONG_UNALIGNED, IN + FuseLinkIn.OFFSET_OLDNODEID);
        int r = fs.link(ex.ctx, old, ex.ctx.nodeid(), ex.name, ex.entryOut.wrap(ex.reply, OUT));
        return replies.answer(ex, unique, r, FuseEntryOut.SIZE);
    }

    // ---- attributes ----------------------------------------------------------------------------------

    int getattr(Exchange ex, MemorySegment req, long unique, long end) {
        if (!has(end, FuseGetattrIn.SIZE)) return replies.tooShort(ex, unique, "GETATTR", FuseGetattrIn.SIZE);
        clear(ex.reply, FuseAttrOut.SIZE);
        int flags = req.get(JAVA_INT_UNALIGNED, IN + FuseGetattrIn.OFFSET_GETATTR_FLAGS);
        long fh = req.get(JAVA_LONG_UNALIGNED, IN + FuseGetattrIn.OFFSET_FH);
        int r = fs.getattr(ex.ctx, ex.ctx.nodeid(), flags, fh, ex.attrOut.wrap(ex.reply, OUT));
        return replies.answer(ex, unique, r, FuseAttrOut.SIZE);
    }

    int setattr(Exchange ex, MemorySegment req, long unique, long end) {
        if (!has(end, FuseSetattrIn.SIZE)) return replies.tooShort(ex, unique, "SETATTR", FuseSetattrIn.SIZE);
        clear(ex.reply, FuseAttrOut.SIZE);
        int r = fs.setattr(ex.ctx, ex.ctx.nodeid(), ex.setattrIn.wrap(req, IN), ex.attrOut.wrap(ex.reply, OUT));
        return replies.answer(ex, unique, r, FuseAttrOut.SIZE);
    }

    int statx(Exchange ex, MemorySegment req, long unique, long end) {
        if (!has(end, FuseStatxIn.SIZE)) return replies.tooShort(ex, unique, "STATX", FuseStatxIn.SIZE);
        clear(ex.reply, FuseStatxOut.SIZE);
        int r = fs.statx(ex.ctx, ex.ctx.nodeid(), req.get(JAVA_INT_UNALIGNED, IN + FuseStatxIn.OFFSET_GETATTR_FLAGS),
                req.get(JAVA_LONG_UNALIGNED, IN + FuseStatxIn.OFFSET_FH),
                req.get(JAVA_INT_UNALIGNED, IN + FuseStatxIn.OFFSET_SX_FLAGS),
                req.get(JAVA_INT_UNALIGNED, IN + FuseStatxIn.OFFSET_SX_MASK), ex.statxOut.wrap(ex.reply, OUT));
        return replies.answer(ex, unique, r, FuseStatxOut.SIZE);
    }

    int access(Exchange ex, MemorySegment req, long unique, long end) {
        if (!has(end, 8)) return replies.tooShort(ex, unique, "ACCESS", 8);
        return replies.answer(ex, unique, fs.access(ex.ctx, ex.ctx.nodeid(), req.get(JAVA_INT_UNALIGNED, IN)), 0);
    }

    int statfs(Exchange ex, long unique) {
        clear(ex.reply, FuseStatfsOut.SIZE);
        int r = fs.statfs(ex.ctx, ex.ctx.nodeid(), ex.statfsOut.wrap(ex.reply, OUT));
        return replies.answer(ex, unique, r, FuseStatfsOut.SIZE);
    }

    // ---- opening and closing -------------------------------------------------------------------------

    int open(Exchange ex, MemorySegment req, long unique, long end) {
        if (!has(end, FuseOpenIn.SIZE)) return replies.tooShort(ex, unique, "OPEN", FuseOpenIn.SIZE);
        clear(ex.reply, FuseOpenOut.SIZE);
        int flags = req.get(JAVA_INT_UNALIGNED, IN + FuseOpenIn.OFFSET_FLAGS);
        int openFlags = req.get(JAVA_INT_UNALIGNED, IN + FuseOpenIn.OFFSET_OPEN_FLAGS);
        int r = fs.open(ex.ctx, ex.ctx.nodeid(), flags, openFlags, ex.openOut.wrap(ex.reply, OUT));
        return replies.answer(ex, unique, r, FuseOpenOut.SIZE);
    }

    int opendir(Exchange ex, MemorySegment req, long unique, long end) {
        if (!has(end, FuseOpenIn.SIZE)) return replies.tooShort(ex, unique, "OPEN", FuseOpenIn.SIZE);
        clear(ex.reply, FuseOpenOut.SIZE);
        int flags = req.get(JAVA_INT_UNALIGNED, IN + FuseOpenIn.OFFSET_FLAGS);
        int r = fs.opendir(ex.ctx, ex.ctx.nodeid(), flags, ex.openOut.wrap(ex.reply, OUT));
        return replies.answer(ex, unique, r, FuseOpenOut.SIZE);
    }

    int create(Exchange ex, MemorySegment req, long unique, long end) {
        if (!has(end, FuseCreateIn.SIZE)) return replies.tooShort(ex, unique, "CREATE", FuseCreateIn.SIZE);
        String why = onlyComponent(req, IN + FuseCreateIn.SIZE, end, ex.name);
        if (why != null) return replies.reject(ex, unique, EINVAL, why);
        return create(ex, req, unique, false);
    }

    int tmpfile(Exchange ex, MemorySegment req, long unique, long end) {
        if (!has(end, FuseCreateIn.SIZE)) return replies.tooShort(ex, unique, "CREATE", FuseCreateIn.SIZE);
        if (name(req, IN + FuseCreateIn.SIZE, end, ex.name) != end) {
            // the kernel names an O_TMPFILE dentry "/": only its termination is checked
            return replies.reject(ex, unique, EINVAL, "TMPFILE name does not end the arguments");
        }
        return create(ex, req, unique, true);
    }

    /** CREATE or TMPFILE once its name is checked: fuse_create_in, and an entry and an open reply. */
    private int create(Exchange ex, MemorySegment req, long unique, boolean tmpfile) {
        long replySize = FuseEntryOut.SIZE + FuseOpenOut.SIZE;
        clear(ex.reply, replySize);
        int flags = req.get(JAVA_INT_UNALIGNED, IN + FuseCreateIn.OFFSET_FLAGS);
        int mode = req.get(JAVA_INT_UNALIGNED, IN + FuseCreateIn.OFFSET_MODE);
        int umask = req.get(JAVA_INT_UNALIGNED, IN + FuseCreateIn.OFFSET_UMASK);
        int openFlags = req.get(JAVA_INT_UNALIGNED, IN + FuseCreateIn.OFFSET_OPEN_FLAGS);
        EntryOut e = ex.entryOut.wrap(ex.reply, OUT);
        OpenOut o = ex.openOut.wrap(ex.reply, OUT + FuseEntryOut.SIZE);
        Context ctx = ex.ctx;
        int r = tmpfile
                ? fs.tmpfile(ctx, ctx.nodeid(), flags, mode, umask, openFlags, e, o)
                : fs.create(ctx, ctx.nodeid(), ex.name, flags, mode, umask, openFlags, e, o);
        return replies.answer(ex, unique, r, replySize);
    }

    int release(Exchange ex, MemorySegment req, long unique, long end) {
        if (!has(end, FuseReleaseIn.SIZE)) return replies.tooShort(ex, unique, "RELEASE", FuseReleaseIn.SIZE);
        int r = fs.release(ex.ctx, ex.ctx.nodeid(), req.get(JAVA_LONG_UNALIGNED, IN + FuseReleaseIn.OFFSET_FH),
                req.get(JAVA_INT_UNALIGNED, IN + FuseReleaseIn.OFFSET_FLAGS),
                req.get(JAVA_INT_UNALIGNED, IN + FuseReleaseIn.OFFSET_RELEASE_FLAGS),
                req.get(JAVA_LONG_UNALIGNED, IN + FuseReleaseIn.OFFSET_LOCK_OWNER));
        return replies.answer(ex, unique, r, 0);
    }

    int releasedir(Exchange ex, MemorySegment req, long unique, long end) {
        if (!has(end, FuseReleaseIn.SIZE)) return replies.tooShort(ex, unique, "RELEASE", FuseReleaseIn.SIZE);
        int r = fs.releasedir(ex.ctx, ex.ctx.nodeid(), req.get(JAVA_LONG_UNALIGNED, IN + FuseReleaseIn.OFFSET_FH),
                req.get(JAVA_INT_UNALIGNED, IN + FuseReleaseIn.OFFSET_FLAGS));
        return replies.answer(ex, unique, r, 0);
    }

    // ---- file data -----------------------------------------------------------------------------------

    int read(Exchange ex, Session s, MemorySegment req, long unique, long end) {
        if (!has(end, FuseReadIn.SIZE)) return replies.tooShort(ex, unique, "READ", FuseReadIn.SIZE);
        ReadIn in = ex.readIn.wrap(req, IN);
        long size = Integer.toUnsignedLong(in.size());
        if (size > s.maxRead()) {
            return replies.reject(ex, unique, EINVAL, "READ of " + size + " bytes exceeds max_pages (" + s.maxRead()
                    + ")");
        }
        int prepared = ex.channel.prepareRead(ex.readSink, ex.reply, (int) size);
        if (prepared < 0) return replies.reject(ex, unique, -prepared, "no room for a READ of " + size + " bytes");
        if (ex.readSink.size() != size) {
            return replies.reject(ex, unique, EIO, "transport prepared " + ex.readSink.size()
                    + " bytes for a READ of " + size);
        }
        int n = fs.read(ex.ctx, ex.ctx.nodeid(), in, ex.readSink);
        if (n < 0) return replies.answer(ex, unique, n, 0);
        if (n > size) return replies.fsBug(ex, unique, "read returned " + n + " bytes for a READ of " + size);
        writeHeader(ex.reply, OUT + n, 0, unique);
        return Replies.sent(ex, ex.channel.send(ex.reply, OUT, ex.readSink, n));
    }

    int write(Exchange ex, Session s, MemorySegment req, long unique, long end) {
        if (!has(end, FuseWriteIn.SIZE)) return replies.tooShort(ex, unique, "WRITE", FuseWriteIn.SIZE);
        WriteIn in = ex.writeIn.wrap(req, IN);
        long size = Integer.toUnsignedLong(in.size());
        long data = IN + FuseWriteIn.SIZE;
        WriteSource src = ex.writeSource;
        if (ex.externalBytes > 0) {
            if (end != data || size != ex.externalBytes) {
                return replies.reject(ex, unique, EINVAL, "WRITE size " + size + " but the payload has "
                        + ex.externalBytes + " bytes after a " + end + "-byte head");
            }
        } else {
            if (end - data != size) {
                return replies.reject(ex, unique, EINVAL, "WRITE size " + size + " but " + (end - data)
                        + " bytes follow");
            }
            src.clear();
            src.add(req, data, size);
        }
        if (size > s.maxWrite()) {
            return replies.reject(ex, unique, EINVAL, "WRITE of " + size + " bytes exceeds max_write "
                    + s.maxWrite());
        }
        int n = fs.write(ex.ctx, ex.ctx.nodeid(), in, src);
        if (n > size) return replies.fsBug(ex, unique, "write returned " + n + " for a WRITE of " + size + " bytes");
        if (n >= 0) {
            clear(ex.reply, FuseWriteOut.SIZE);
            ex.reply.set(JAVA_INT_UNALIGNED, OUT + FuseWriteOut.OFFSET_SIZE, n);
        }
        return replies.answer(ex, unique, n, FuseWriteOut.SIZE);
    }

    int fsync(Exchange ex, MemorySegment req, long unique, long end) {
        if (!has(end, FuseFsyncIn.SIZE)) return replies.tooShort(ex, unique, "FSYNC", FuseFsyncIn.SIZE);
        long fh = req.get(JAVA_LONG_UNALIGNED, IN + FuseFsyncIn.OFFSET_FH);
        return replies.answer(ex, unique, fs.fsync(ex.ctx, ex.ctx.nodeid(), fh, datasync(req)), 0);
    }

    int fsyncdir(Exchange ex, MemorySegment req, long unique, long end) {
        if (!has(end, FuseFsyncIn.SIZE)) return replies.tooShort(ex, unique, "FSYNC", FuseFsyncIn.SIZE);
        long fh = req.get(JAVA_LONG_UNALIGNED, IN + FuseFsyncIn.OFFSET_FH);
        return replies.answer(ex, unique, fs.fsyncdir(ex.ctx, ex.ctx.nodeid(), fh, datasync(req)), 0);
    }

    /** FUSE_FSYNC_FDATASYNC of a fuse_fsync_in. */
    private static boolean datasync(MemorySegment req) {
        return (req.get(JAVA_INT_UNALIGNED, IN + FuseFsyncIn.OFFSET_FSYNC_FLAGS) & FuseH.FUSE_FSYNC_FDATASYNC) != 0;
    }

    int flush(Exchange ex, MemorySegment req, long unique, long end) {
        if (!has(end, FuseFlushIn.SIZE)) return replies.tooShort(ex, unique, "FLUSH", FuseFlushIn.SIZE);
        long fh = req.get(JAVA_LONG_UNALIGNED, IN + FuseFlushIn.OFFSET_FH);
        long owner = req.get(JAVA_LONG_UNALIGNED, IN + FuseFlushIn.OFFSET_LOCK_OWNER);
        return replies.answer(ex, unique, fs.flush(ex.ctx, ex.ctx.nodeid(), fh, owner), 0);
    }

    int fallocate(Exchange ex, MemorySegment req, long unique, long end) {
        if (!has(end, FuseFallocateIn.SIZE)) return replies.tooShort(ex, unique, "FALLOCATE", FuseFallocateIn.SIZE);
        return replies.answer(ex, unique, fs.fallocate(ex.ctx, ex.ctx.nodeid(),
                req.get(JAVA_LONG_UNALIGNED, IN + FuseFallocateIn.OFFSET_FH),
                req.get(JAVA_LONG_UNALIGNED, IN + FuseFallocateIn.OFFSET_OFFSET),
                req.get(JAVA_LONG_UNALIGNED, IN + FuseFallocateIn.OFFSET_LENGTH),
                req.get(JAVA_INT_UNALIGNED, IN + FuseFallocateIn.OFFSET_MODE)), 0);
    }

    int lseek(Exchange ex, MemorySegment req, long unique, long end) {
        if (!has(end, FuseLseekIn.SIZE)) return replies.tooShort(ex, unique, "LSEEK", FuseLseekIn.SIZE);
        long r = fs.lseek(ex.ctx, ex.ctx.nodeid(), req.get(JAVA_LONG_UNALIGNED, IN + FuseLseekIn.OFFSET_FH),
                req.get(JAVA_LONG_UNALIGNED, IN + FuseLseekIn.OFFSET_OFFSET),
                req.get(JAVA_INT_UNALIGNED, IN + FuseLseekIn.OFFSET_WHENCE));
        if (r < 0) return replies.answer(ex, unique, (int) Math.max(r, Integer.MIN_VALUE), 0);
        ex.reply.set(JAVA_LONG_UNALIGNED, OUT, r);
        return replies.answer(ex, unique, 0, 8);
    }

    /** COPY_FILE_RANGE, or with {@code wide} COPY_FILE_RANGE_64 (its reply carries a 64-bit count). */
    int copyFileRange(Exchange ex, MemorySegment req, long unique, long end, boolean wide) {
        if (!has(end, FuseCopyFileRangeIn.SIZE)) {
            return replies.tooShort(ex, unique, "COPY_FILE_RANGE", FuseCopyFileRangeIn.SIZE);
        }
        CopyFileRangeIn in = ex.copyIn.wrap(req, IN);
        if (!wide && Long.compareUnsigned(in.len(), 0xffff_ffffL) > 0) {
            return replies.reject(ex, unique, EINVAL, "COPY_FILE_RANGE len " + Long.toUnsignedString(in.len())
                    + " does not fit its 32-bit reply");
        }
        long r = fs.copyFileRange(ex.ctx, ex.ctx.nodeid(), in);
        if (r < 0) return replies.answer(ex, unique, (int) Math.max(r, Integer.MIN_VALUE), 0);
        if (Long.compareUnsigned(r, in.len()) > 0) {
            return replies.fsBug(ex, unique, "copyFileRange copied " + r + " of " + in.len() + " bytes");
        }
        clear(ex.reply, 8);
        if (wide) ex.reply.set(JAVA_LONG_UNALIGNED, OUT, r);
        else ex.reply.set(JAVA_INT_UNALIGNED, OUT + FuseWriteOut.OFFSET_SIZE, (int) r);
        return replies.answer(ex, unique, 0, 8);
    }

    int syncfs(Exchange ex, long unique, long end) {
        if (!has(end, 8)) return replies.tooShort(ex, unique, "SYNCFS", 8);
        return replies.answer(ex, unique, fs.syncfs(ex.ctx, ex.ctx.nodeid()), 0);
    }

    int setupMapping(Exchange ex, MemorySegment req, long unique, long end) {
        if (!has(end, FuseSetupmappingIn.SIZE)) {
            return replies.tooShort(ex, unique, "SETUPMAPPING", FuseSetupmappingIn.SIZE);
        }
        return replies.answer(ex, unique, fs.setupMapping(ex.ctx, ex.ctx.nodeid(),
                req.get(JAVA_LONG_UNALIGNED, IN + FuseSetupmappingIn.OFFSET_FH),
                req.get(JAVA_LONG_UNALIGNED, IN + FuseSetupmappingIn.OFFSET_FOFFSET),
                req.get(JAVA_LONG_UNALIGNED, IN + FuseSetupmappingIn.OFFSET_LEN),
                req.get(JAVA_LONG_UNALIGNED, IN + FuseSetupmappingIn.OFFSET_FLAGS),
                req.get(JAVA_LONG_UNALIGNED, IN + FuseSetupmappingIn.OFFSET_MOFFSET)), 0);
    }

    int removeMapping(Exchange ex, MemorySegment req, long unique, long end) {
        if (!has(end, 4)) return replies.tooShort(ex, unique, "REMOVEMAPPING", 4);
        long count = Integer.toUnsignedLong(req.get(JAVA_INT_UNALIGNED, IN));
        long first = IN + 4;
        if (count * FuseRemovemappingOne.SIZE != end - first) {
            return replies.reject(ex, unique, EINVAL, "REMOVEMAPPING count " + count + " but " + (end - first)
                    + " bytes of ranges");
        }
        int r = 0;
        for (long i = 0; i < count && r >= 0; i++) {
            long at = first + i * FuseRemovemappingOne.SIZE;
            r = fs.removeMapping(ex.ctx, req.get(JAVA_LONG_UNALIGNED, at + FuseRemovemappingOne.OFFSET_MOFFSET),
                    req.get(JAVA_LONG_UNALIGNED, at + FuseRemovemappingOne.OFFSET_LEN));
        }
        return replies.answer(ex, unique, r, 0);
    }

    // ---- extended attributes -------------------------------------------------------------------------

    int setxattr(Exchange ex, Session s, MemorySegment req, long unique, long end) {
        long fixed = s.extendedSetxattr() ? FuseSetxattrIn.SIZE : FuseH.FUSE_COMPAT_SETXATTR_IN_SIZE;
        if (!has(end, fixed)) return replies.tooShort(ex, unique, "SETXATTR", fixed);
        long size = Integer.toUnsignedLong(req.get(JAVA_INT_UNALIGNED, IN + FuseSetxattrIn.OFFSET_SIZE));
        int flags = req.get(JAVA_INT_UNALIGNED, IN + FuseSetxattrIn.OFFSET_FLAGS);
        int sxFlags = s.extendedSetxattr()
                ? req.get(JAVA_INT_UNALIGNED, IN + FuseSetxattrIn.OFFSET_SETXATTR_FLAGS) : 0;
        long value = name(req, IN + fixed, end, ex.name);
        if (value < 0) return replies.reject(ex, unique, EINVAL, "SETXATTR name is not NUL-terminated");
        if (end - value != size) {
            return replies.reject(ex, unique, EINVAL, "SETXATTR size " + size + " but " + (end - value)
                    + " bytes follow");
        }
        int r = fs.setxattr(ex.ctx, ex.ctx.nodeid(), ex.name, req, value, (int) size, flags, sxFlags);
        return replies.answer(ex, unique, r, 0);
    }

    int getxattr(Exchange ex, MemorySegment req, long unique, long end) {
        if (!has(end, FuseGetxattrIn.SIZE)) return replies.tooShort(ex, unique, "GETXATTR", FuseGetxattrIn.SIZE);
        long after = name(req, IN + FuseGetxattrIn.SIZE, end, ex.name);
        if (after != end) return replies.reject(ex, unique, EINVAL, "GETXATTR name does not end the arguments");
        return xattrValue(ex, req, unique, true);
    }

    int listxattr(Exchange ex, MemorySegment req, long unique, long end) {
        if (!has(end, FuseGetxattrIn.SIZE)) return replies.tooShort(ex, unique, "GETXATTR", FuseGetxattrIn.SIZE);
        return xattrValue(ex, req, unique, false);
    }

    /** The reply of GETXATTR or LISTXATTR: the value, or its size alone when the kernel asks with size 0. */
    private int xattrValue(Exchange ex, MemorySegment req, long unique, boolean get) {
        long size = Integer.toUnsignedLong(req.get(JAVA_INT_UNALIGNED, IN + FuseGetxattrIn.OFFSET_SIZE));
        MemorySegment out = ex.reply;
        int cap = (int) Math.min(size, out.byteSize() - OUT);
        ByteSink sink = ex.bytes.wrap(out, OUT, cap);
        int n = get ? fs.getxattr(ex.ctx, ex.ctx.nodeid(), ex.name, sink) : fs.listxattr(ex.ctx, ex.ctx.nodeid(), sink);
        if (n < 0) return replies.answer(ex, unique, n, 0);
        if (size == 0) {
            clear(out, FuseGetxattrOut.SIZE);
            out.set(JAVA_INT_UNALIGNED, OUT + FuseGetxattrOut.OFFSET_SIZE, n);
            return replies.answer(ex, unique, 0, FuseGetxattrOut.SIZE);
        }
        if (n > cap) return replies.answer(ex, unique, -Errno.ERANGE, 0);
        return replies.answer(ex, unique, 0, n);
    }

    int removexattr(Exchange ex, MemorySegment req, long unique, long end) {
        long after = name(req, IN, end, ex.name);
        if (after != end) return replies.reject(ex, unique, EINVAL, "REMOVEXATTR name does not end the arguments");
        return replies.answer(ex, unique, fs.removexattr(ex.ctx, ex.ctx.nodeid(), ex.name), 0);
    }

    // ---- directories and locks -----------------------------------------------------------------------

    /** READDIR, or with {@code plus} READDIRPLUS (every entry with its lookup). */
    int readdir(Exchange ex, MemorySegment req, long unique, long end, boolean plus) {
        if (!has(end, FuseReadIn.SIZE)) return replies.tooShort(ex, unique, "READDIR", FuseReadIn.SIZE);
        ReadIn in = ex.readIn.wrap(req, IN);
        long cap = Math.min(Integer.toUnsignedLong(in.size()), ex.reply.byteSize() - OUT);
        DirentSink d = ex.dirents.wrap(ex.reply, OUT, cap, plus);
        Context ctx = ex.ctx;
        int r = plus ? fs.readdirplus(ctx, ctx.nodeid(), in.fh(), in.offset(), d)
                : fs.readdir(ctx, ctx.nodeid(), in.fh(), in.offset(), d);
        return replies.answer(ex, unique, r, r < 0 ? 0 : d.length());
    }

    /**
     * READDIRPLUS, which the kernel sends only when INIT agreed FUSE_DO_READDIRPLUS (fs/fuse/readdir.c
     * fuse_use_readdirplus); without it the request is forged and answered ENOSYS, so {@code --no-readdirplus}
     * keeps every lookup a LOOKUP.
     */
    int readdirplus(Exchange ex, Session s, MemorySegment req, long unique, long end) {
        if (!has(end, FuseReadIn.SIZE)) return replies.tooShort(ex, unique, "READDIRPLUS", FuseReadIn.SIZE);
        if (!s.enabled(FuseH.FUSE_DO_READDIRPLUS)) {
            return replies.reject(ex, unique, ENOSYS, "READDIRPLUS without FUSE_DO_READDIRPLUS agreed at INIT");
        }
        return readdir(ex, req, unique, end, true);
    }

    int getlk(Exchange ex, Session s, MemorySegment req, long unique, long end) {
        if (!has(end, FuseLkIn.SIZE)) return replies.tooShort(ex, unique, "GETLK", FuseLkIn.SIZE);
        LockIn in = ex.lockIn.wrap(req, IN);
        if (!lockNegotiated(s, in)) return replies.reject(ex, unique, ENOSYS, lockNotNegotiated("GETLK", in));
        clear(ex.reply, FuseLkOut.SIZE);
        int r = fs.getlk(ex.ctx, ex.ctx.nodeid(), in, ex.lockOut.wrap(ex.reply, OUT));
        return replies.answer(ex, unique, r, FuseLkOut.SIZE);
    }

    /** SETLK, or with {@code sleep} SETLKW (wait for the lock). */
    int setlk(Exchange ex, Session s, MemorySegment req, long unique, long end, boolean sleep) {
        if (!has(end, FuseLkIn.SIZE)) return replies.tooShort(ex, unique, "SETLK", FuseLkIn.SIZE);
        LockIn in = ex.lockIn.wrap(req, IN);
        if (!lockNegotiated(s, in)) {
            return replies.reject(ex, unique, ENOSYS, lockNotNegotiated(sleep ? "SETLKW" : "SETLK", in));
        }
        return replies.answer(ex, unique, fs.setlk(ex.ctx, ex.ctx.nodeid(), in, sleep), 0);
    }

    /**
     * The kernel sends lock requests only for the kind INIT agreed (fs/fuse/file.c: fuse_file_lock serves POSIX
     * locks remotely only with FUSE_POSIX_LOCKS, fuse_file_flock flock(2) only with FUSE_FLOCK_LOCKS; without
     * them its own lock code answers). Anything else is forged, and ENOSYS, as for an operation this server does
     * not implement, keeps it from the file system: over virtio-fs without {@code -o posix_lock}, a SETLKW would
     * otherwise hold a queue's thread.
     */
    private static boolean lockNegotiated(Session s, LockIn in) {
        return s.enabled(in.isFlock() ? FuseH.FUSE_FLOCK_LOCKS : FuseH.FUSE_POSIX_LOCKS);
    }

    private static String lockNotNegotiated(String op, LockIn in) {
        return op + (in.isFlock() ? " of a flock lock without FUSE_FLOCK_LOCKS" : " of a POSIX lock without"
                + " FUSE_POSIX_LOCKS") + " agreed at INIT";
    }
}
