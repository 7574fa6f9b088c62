package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseAttrOut;
import io.jvirtiod.binding.fuse.FuseBatchForgetIn;
import io.jvirtiod.binding.fuse.FuseCopyFileRangeIn;
import io.jvirtiod.binding.fuse.FuseCreateIn;
import io.jvirtiod.binding.fuse.FuseEntryOut;
import io.jvirtiod.binding.fuse.FuseExtHeader;
import io.jvirtiod.binding.fuse.FuseFallocateIn;
import io.jvirtiod.binding.fuse.FuseFlushIn;
import io.jvirtiod.binding.fuse.FuseForgetOne;
import io.jvirtiod.binding.fuse.FuseFsyncIn;
import io.jvirtiod.binding.fuse.FuseGetattrIn;
import io.jvirtiod.binding.fuse.FuseGetxattrIn;
import io.jvirtiod.binding.fuse.FuseGetxattrOut;
import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseInHeader;
import io.jvirtiod.binding.fuse.FuseInitIn;
import io.jvirtiod.binding.fuse.FuseInitOut;
import io.jvirtiod.binding.fuse.FuseLinkIn;
import io.jvirtiod.binding.fuse.FuseLkIn;
import io.jvirtiod.binding.fuse.FuseLkOut;
import io.jvirtiod.binding.fuse.FuseLseekIn;
import io.jvirtiod.binding.fuse.FuseMkdirIn;
import io.jvirtiod.binding.fuse.FuseMknodIn;
import io.jvirtiod.binding.fuse.FuseOpenIn;
import io.jvirtiod.binding.fuse.FuseOpenOut;
import io.jvirtiod.binding.fuse.FuseOutHeader;
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
import io.jvirtiod.binding.fuse.FuseSuppGroups;
import io.jvirtiod.binding.fuse.FuseWriteIn;
import io.jvirtiod.binding.fuse.FuseWriteOut;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.fs.BackingFiles;
import io.jvirtiod.fs.Context;
import io.jvirtiod.fs.FileSystem;
import io.jvirtiod.fs.InitConfig;
import io.jvirtiod.fs.Notifier;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

import static io.jvirtiod.binding.sys.Errno.EAGAIN;
import static io.jvirtiod.binding.sys.Errno.EINVAL;
import static io.jvirtiod.binding.sys.Errno.EIO;
import static io.jvirtiod.binding.sys.Errno.ENOSYS;
import static io.jvirtiod.binding.sys.Errno.EPROTO;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * Decodes FUSE requests, validates them, calls the {@link FileSystem} and encodes its reply; shared by the
 * /dev/fuse transport and virtio-fs, which differ only in where request bytes come from and replies go
 * ({@link Exchange}, {@link ReplyChannel}).
 *
 * <p>The request is untrusted (on virtio-fs the guest writes it). Every length is checked against the bytes
 * actually received before anything is read: the in-header's len must equal them (EINVAL), every opcode's
 * fixed argument must be there (EINVAL), every name must be NUL-terminated inside the request and path
 * components must be non-empty and free of '/' (EINVAL), counts (BATCH_FORGET, REMOVEMAPPING, WRITE size,
 * extensions) must fit (EINVAL), an unknown or unsupported opcode gets ENOSYS, and a request before INIT or
 * after DESTROY gets EIO (as libfuse and virtiofsd answer). No malformed request reaches the file system, no
 * exception leaves {@link #handle}, and FORGET/BATCH_FORGET/NOTIFY_REPLY are never answered (the kernel
 * expects no reply; a malformed one is dropped and counted).
 */
public final class FuseDispatcher {
    private static final System.Logger LOG = System.getLogger(FuseDispatcher.class.getName());

    /** A reply was sent: the file system's answer, success or errno. */
    public static final int REPLIED = 0;
    /** The request was malformed or unsupported and answered with an error without reaching the file system. */
    public static final int REJECTED = 1;
    /** Nothing to answer: FORGET, BATCH_FORGET, NOTIFY_REPLY, an INTERRUPT that found its request. */
    public static final int NO_REPLY = 2;
    /** Too short to carry a unique id, or a malformed no-reply request: dropped and counted. */
    public static final int DROPPED = 3;

    /** Highest protocol minor this implementation speaks (Linux 6.18). */
    public static final int PROTOCOL_MINOR = 45;
    /** Oldest kernel minor served: 7.23 fixed the sizes of every reply struct used here (time_gran, ctime). */
    public static final int MIN_KERNEL_MINOR = 23;
    /** Largest reply a READLINK may carry: the kernel reads it into one page, minus the NUL. */
    public static final int READLINK_MAX = FuseOptions.PAGE_SIZE - 1;

    static final int IN = (int) FuseInHeader.SIZE;
    static final int OUT = (int) FuseOutHeader.SIZE;
    /** The kernel rejects a reply whose error is <= -512 (fs/fuse/dev.c), leaving the request hanging. */
    private static final int LOWEST_ERRNO = -511;
    /** Bit 0 of an INTERRUPT request's unique (FUSE_INT_REQ_BIT). */
    private static final long INT_REQ_BIT = 1;

    private final FileSystem fs;
    private final FuseOptions options;
    private final BackingFiles backing;
    private final Notifier notifier;
    private final CopyOnWriteArrayList<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private volatile Session session;
    private volatile boolean destroyed;
    private final java.util.concurrent.atomic.AtomicBoolean fsDestroyed = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param backing passthrough backing-file registration, or null if the transport cannot offer it
     */
    public FuseDispatcher(FileSystem fs, FuseOptions options, BackingFiles backing) {
        this(fs, options, backing, null);
    }

    /**
     * @param backing  passthrough backing-file registration, or null if the transport cannot offer it
     * @param notifier kernel notifications, or null if the transport cannot send them
     */
    public FuseDispatcher(FileSystem fs, FuseOptions options, BackingFiles backing, Notifier notifier) {
        this.fs = fs;
        this.options = options;
        this.backing = backing;
        this.notifier = notifier;
    }

    public FuseOptions options() {
        return options;
    }

    /** The negotiated session, or null before INIT. */
    public Session session() {
        return session;
    }

    /** True once DESTROY was served. */
    public boolean destroyed() {
        return destroyed;
    }

    /** Requests answered with an error by the decoder (malformed or unsupported). */
    public long rejectedCount() {
        return rejected.sum();
    }

    /** Requests dropped without a reply (too short to answer, malformed forgets). */
    public long droppedCount() {
        return dropped.sum();
    }

    /**
     * Ends the session from the server side (the transport's connection is gone, or DESTROY arrived): calls
     * {@link FileSystem#destroy()} once if INIT had started the session.
     */
    public void shutdown() {
        destroyed = true;
        if (session != null && fsDestroyed.compareAndSet(false, true)) fs.destroy();
    }

    /** A worker's state with a reply buffer from {@code arena}; call once per worker thread. */
    public Exchange newExchange(Arena arena, ReplyChannel channel) {
        Exchange ex = new Exchange(arena, channel, options);
        exchanges.add(ex);
        return ex;
    }

    /** Forgets a worker's exchange (its worker stopped), so INTERRUPTs no longer scan it. */
    public void removeExchange(Exchange ex) {
        exchanges.remove(ex);
    }

    /** Serves one request: the first {@code length} bytes of {@code request}. */
    public int handle(Exchange ex, MemorySegment request, long length) {
        return handle(ex, request, length, 0);
    }

    /**
     * Serves one request whose head (in-header and arguments) is the first {@code length} bytes of
     * {@code request} and whose WRITE payload of {@code externalBytes} bytes the transport has described in
     * {@link Exchange#writeSource()} (virtio-fs: guest buffers after the head). Never throws.
     *
     * @return {@link #REPLIED}, {@link #REJECTED}, {@link #NO_REPLY} or {@link #DROPPED}
     */
    public int handle(Exchange ex, MemorySegment request, long length, long externalBytes) {
        ex.externalBytes = externalBytes;
        ex.lastRejection = null;
        boolean replied = false;
        long unique = 0;
        int opcode = length >= 8 && request.byteSize() >= 8 ? request.get(JAVA_INT_UNALIGNED, 4) : 0;
        try {
            if (length < 0 || length > request.byteSize() || externalBytes < 0
                    || (externalBytes > 0 && externalBytes != ex.writeSource.size())) {
                return drop(ex, "transport passed " + length + " bytes of a " + request.byteSize()
                        + "-byte buffer and " + externalBytes + " external bytes");
            }
            if (length < IN) {
                if (length < FuseInHeader.OFFSET_UNIQUE + 8 || noReply(opcode)) {
                    return drop(ex, "request of " + length + " bytes is shorter than fuse_in_header (" + IN + ")");
                }
                unique = request.get(JAVA_LONG_UNALIGNED, FuseInHeader.OFFSET_UNIQUE);
                replied = true;
                return reject(ex, unique, EIO, "request of " + length + " bytes is shorter than fuse_in_header");
            }
            unique = request.get(JAVA_LONG_UNALIGNED, FuseInHeader.OFFSET_UNIQUE);
            int result = decode(ex, request, length, unique);
            replied = result == REPLIED || result == REJECTED;
            return result;
        } catch (RuntimeException | StackOverflowError e) {
            LOG.log(System.Logger.Level.ERROR, "FUSE request " + Long.toUnsignedString(unique) + " failed", e);
            if (replied || length < IN || noReply(opcode)) {
                dropped.increment();
                return DROPPED;
            }
            try {
                sendError(ex, unique, EIO);
            } catch (RuntimeException again) {
                LOG.log(System.Logger.Level.ERROR, "could not even send EIO", again);
            }
            return REPLIED;
        } finally {
            ex.ctx.finished();
        }
    }

    private static boolean noReply(int opcode) {
        return opcode == FuseH.FUSE_FORGET || opcode == FuseH.FUSE_BATCH_FORGET || opcode == FuseH.FUSE_NOTIFY_REPLY;
    }

    // ---- decoding ------------------------------------------------------------------------------------

    private int decode(Exchange ex, MemorySegment req, long length, long unique) {
        long len = Integer.toUnsignedLong(req.get(JAVA_INT_UNALIGNED, FuseInHeader.OFFSET_LEN));
        int opcode = req.get(JAVA_INT_UNALIGNED, FuseInHeader.OFFSET_OPCODE);
        boolean silent = noReply(opcode);
        long received = length + ex.externalBytes;
        if (len != received) {
            return bad(ex, silent, unique, EINVAL, "in.len " + len + " but the request has " + received + " bytes");
        }
        if (ex.externalBytes > 0 && opcode != FuseH.FUSE_WRITE) {
            return bad(ex, silent, unique, EINVAL, "opcode " + opcode + " carries no WRITE payload");
        }
        long extBytes = 8L * Short.toUnsignedInt(req.get(JAVA_SHORT_UNALIGNED, FuseInHeader.OFFSET_TOTAL_EXTLEN));
        if (extBytes > length - IN || (extBytes > 0 && ex.externalBytes > 0)) {
            return bad(ex, silent, unique, EINVAL, "total_extlen " + extBytes + " bytes overruns the request");
        }
        long end = length - extBytes;
        ex.ctx.wrap(req);
        if (extBytes > 0) {
            String why = extensions(ex.ctx, req, end, length);
            if (why != null) return bad(ex, silent, unique, EINVAL, why);
        }
        if (opcode == FuseH.FUSE_INIT) return init(ex, req, end, unique);
        Session s = session;
        if (s == null || destroyed) {
            return bad(ex, silent, unique, EIO, "opcode " + opcode + (s == null ? " before INIT" : " after DESTROY"));
        }
        return dispatch(ex, s, req, opcode, unique, end);
    }

    /** Parses the request extensions in [from, to); returns why they are malformed, or null. */
    private static String extensions(Context ctx, MemorySegment req, long from, long to) {
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
    private static boolean has(long end, long size) {
        return end - IN >= size;
    }

    /**
     * Reads a NUL-terminated name starting at {@code from} into {@code into}; returns the offset after its NUL,
     * or -1 if no NUL lies before {@code end}.
     */
    private static long name(MemorySegment req, long from, long end, Name into) {
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
    private static String onlyComponent(MemorySegment req, long from, long end, Name into) {
        long after = name(req, from, end, into);
        if (after < 0) return "name at " + from + " is not NUL-terminated within the request";
        if (after != end) return "name ends at " + after + " but the arguments end at " + end;
        if (!component(into)) return "name \"" + into + "\" is not a path component";
        return null;
    }

    /** Two names (components unless {@code secondFree}) filling [from, end) exactly. */
    private static String twoNames(MemorySegment req, long from, long end, Name a, Name b, boolean secondFree) {
        long mid = name(req, from, end, a);
        if (mid < 0) return "first name at " + from + " is not NUL-terminated within the request";
        if (!component(a)) return "name \"" + a + "\" is not a path component";
        long after = name(req, mid, end, b);
        if (after < 0) return "second name at " + mid + " is not NUL-terminated within the request";
        if (after != end) return "second name ends at " + after + " but the arguments end at " + end;
        if (!secondFree && !component(b)) return "name \"" + b + "\" is not a path component";
        return null;
    }

    private int dispatch(Exchange ex, Session s, MemorySegment req, int op, long unique, long end) {
        FileSystem fs = this.fs;
        Context ctx = ex.ctx;
        long node = ctx.nodeid();
        MemorySegment out = ex.reply;
        long a = IN; // start of the arguments
        String why;
        switch (op) {
            case FuseH.FUSE_LOOKUP -> {
                if ((why = onlyComponent(req, a, end, ex.name)) != null) return reject(ex, unique, EINVAL, why);
                clear(out, FuseEntryOut.SIZE);
                return answer(ex, unique, fs.lookup(ctx, node, ex.name, ex.entryOut.wrap(out, OUT)), FuseEntryOut.SIZE);
            }
            case FuseH.FUSE_FORGET -> {
                if (!has(end, 8)) return drop(ex, "FORGET without fuse_forget_in");
                fs.forget(ctx, node, req.get(JAVA_LONG_UNALIGNED, a));
                return NO_REPLY;
            }
            case FuseH.FUSE_BATCH_FORGET -> {
                if (!has(end, FuseBatchForgetIn.SIZE)) return drop(ex, "BATCH_FORGET without fuse_batch_forget_in");
                long count = Integer.toUnsignedLong(req.get(JAVA_INT_UNALIGNED, a + FuseBatchForgetIn.OFFSET_COUNT));
                long first = a + FuseBatchForgetIn.SIZE;
                if (count * FuseForgetOne.SIZE > end - first) {
                    return drop(ex, "BATCH_FORGET count " + count + " overruns the " + (end - first) + " bytes sent");
                }
                fs.batchForget(ctx, ex.forgets.wrap(req, first, (int) count));
                return NO_REPLY;
            }
            case FuseH.FUSE_GETATTR -> {
                if (!has(end, FuseGetattrIn.SIZE)) return tooShort(ex, unique, "GETATTR", FuseGetattrIn.SIZE);
                clear(out, FuseAttrOut.SIZE);
                int flags = req.get(JAVA_INT_UNALIGNED, a + FuseGetattrIn.OFFSET_GETATTR_FLAGS);
                long fh = req.get(JAVA_LONG_UNALIGNED, a + FuseGetattrIn.OFFSET_FH);
                return answer(ex, unique, fs.getattr(ctx, node, flags, fh, ex.attrOut.wrap(out, OUT)), FuseAttrOut.SIZE);
            }
            case FuseH.FUSE_SETATTR -> {
                if (!has(end, FuseSetattrIn.SIZE)) return tooShort(ex, unique, "SETATTR", FuseSetattrIn.SIZE);
                clear(out, FuseAttrOut.SIZE);
                return answer(ex, unique, fs.setattr(ctx, node, ex.setattrIn.wrap(req, a), ex.attrOut.wrap(out, OUT)),
                        FuseAttrOut.SIZE);
            }
            case FuseH.FUSE_READLINK -> {
                int cap = (int) Math.min(READLINK_MAX, out.byteSize() - OUT);
                int n = fs.readlink(ctx, node, ex.bytes.wrap(out, OUT, cap));
                if (n > cap) return fsBug(ex, unique, "readlink returned " + n + " bytes for " + cap + " of room");
                return answer(ex, unique, n, Math.max(n, 0));
            }
            case FuseH.FUSE_SYMLINK -> {
                if ((why = twoNames(req, a, end, ex.name, ex.name2, true)) != null) return reject(ex, unique, EINVAL, why);
                clear(out, FuseEntryOut.SIZE);
                return answer(ex, unique, fs.symlink(ctx, node, ex.name, ex.name2, ex.entryOut.wrap(out, OUT)),
                        FuseEntryOut.SIZE);
            }
            case FuseH.FUSE_MKNOD -> {
                if (!has(end, FuseMknodIn.SIZE)) return tooShort(ex, unique, "MKNOD", FuseMknodIn.SIZE);
                if ((why = onlyComponent(req, a + FuseMknodIn.SIZE, end, ex.name)) != null) {
                    return reject(ex, unique, EINVAL, why);
                }
                clear(out, FuseEntryOut.SIZE);
                int mode = req.get(JAVA_INT_UNALIGNED, a + FuseMknodIn.OFFSET_MODE);
                int rdev = req.get(JAVA_INT_UNALIGNED, a + FuseMknodIn.OFFSET_RDEV);
                int umask = req.get(JAVA_INT_UNALIGNED, a + FuseMknodIn.OFFSET_UMASK);
                return answer(ex, unique, fs.mknod(ctx, node, ex.name, mode, rdev, umask, ex.entryOut.wrap(out, OUT)),
                        FuseEntryOut.SIZE);
            }
            case FuseH.FUSE_MKDIR -> {
                if (!has(end, FuseMkdirIn.SIZE)) return tooShort(ex, unique, "MKDIR", FuseMkdirIn.SIZE);
                if ((why = onlyComponent(req, a + FuseMkdirIn.SIZE, end, ex.name)) != null) {
                    return reject(ex, unique, EINVAL, why);
                }
                clear(out, FuseEntryOut.SIZE);
                int mode = req.get(JAVA_INT_UNALIGNED, a + FuseMkdirIn.OFFSET_MODE);
                int umask = req.get(JAVA_INT_UNALIGNED, a + FuseMkdirIn.OFFSET_UMASK);
                return answer(ex, unique, fs.mkdir(ctx, node, ex.name, mode, umask, ex.entryOut.wrap(out, OUT)),
                        FuseEntryOut.SIZE);
            }
            case FuseH.FUSE_UNLINK, FuseH.FUSE_RMDIR -> {
                if ((why = onlyComponent(req, a, end, ex.name)) != null) return reject(ex, unique, EINVAL, why);
                int r = op == FuseH.FUSE_UNLINK ? fs.unlink(ctx, node, ex.name) : fs.rmdir(ctx, node, ex.name);
                return answer(ex, unique, r, 0);
            }
            case FuseH.FUSE_RENAME, FuseH.FUSE_RENAME2 -> {
                long fixed = op == FuseH.FUSE_RENAME ? FuseRenameIn.SIZE : FuseRename2In.SIZE;
                if (!has(end, fixed)) return tooShort(ex, unique, op == FuseH.FUSE_RENAME ? "RENAME" : "RENAME2", fixed);
                if ((why = twoNames(req, a + fixed, end, ex.name, ex.name2, false)) != null) {
                    return reject(ex, unique, EINVAL, why);
                }
                long newDir = req.get(JAVA_LONG_UNALIGNED, a + FuseRenameIn.OFFSET_NEWDIR);
                int flags = op == FuseH.FUSE_RENAME ? 0 : req.get(JAVA_INT_UNALIGNED, a + FuseRename2In.OFFSET_FLAGS);
                return answer(ex, unique, fs.rename(ctx, node, ex.name, newDir, ex.name2, flags), 0);
            }
            case FuseH.FUSE_LINK -> {
                if (!has(end, FuseLinkIn.SIZE)) return tooShort(ex, unique, "LINK", FuseLinkIn.SIZE);
                if ((why = onlyComponent(req, a + FuseLinkIn.SIZE, end, ex.name)) != null) {
                    return reject(ex, unique, EINVAL, why);
                }
                clear(out, FuseEntryOut.SIZE);
                long old = req.get(JAVA_LONG_UNALIGNED, a + FuseLinkIn.OFFSET_OLDNODEID);
                return answer(ex, unique, fs.link(ctx, old, node, ex.name, ex.entryOut.wrap(out, OUT)), FuseEntryOut.SIZE);
            }
            case FuseH.FUSE_OPEN, FuseH.FUSE_OPENDIR -> {
                if (!has(end, FuseOpenIn.SIZE)) return tooShort(ex, unique, "OPEN", FuseOpenIn.SIZE);
                clear(out, FuseOpenOut.SIZE);
                int flags = req.get(JAVA_INT_UNALIGNED, a + FuseOpenIn.OFFSET_FLAGS);
                int openFlags = req.get(JAVA_INT_UNALIGNED, a + FuseOpenIn.OFFSET_OPEN_FLAGS);
                OpenOut o = ex.openOut.wrap(out, OUT);
                int r = op == FuseH.FUSE_OPEN ? fs.open(ctx, node, flags, openFlags, o) : fs.opendir(ctx, node, flags, o);
                return answer(ex, unique, r, FuseOpenOut.SIZE);
            }
            case FuseH.FUSE_READ -> {
                return read(ex, s, req, unique, end);
            }
            case FuseH.FUSE_WRITE -> {
                return write(ex, s, req, unique, end);
            }
            case FuseH.FUSE_STATFS -> {
                clear(out, FuseStatfsOut.SIZE);
                return answer(ex, unique, fs.statfs(ctx, node, ex.statfsOut.wrap(out, OUT)), FuseStatfsOut.SIZE);
            }
            case FuseH.FUSE_RELEASE, FuseH.FUSE_RELEASEDIR -> {
                if (!has(end, FuseReleaseIn.SIZE)) return tooShort(ex, unique, "RELEASE", FuseReleaseIn.SIZE);
                long fh = req.get(JAVA_LONG_UNALIGNED, a + FuseReleaseIn.OFFSET_FH);
                int flags = req.get(JAVA_INT_UNALIGNED, a + FuseReleaseIn.OFFSET_FLAGS);
                int r = op == FuseH.FUSE_RELEASE
                        ? fs.release(ctx, node, fh, flags,
                                req.get(JAVA_INT_UNALIGNED, a + FuseReleaseIn.OFFSET_RELEASE_FLAGS),
                                req.get(JAVA_LONG_UNALIGNED, a + FuseReleaseIn.OFFSET_LOCK_OWNER))
                        : fs.releasedir(ctx, node, fh, flags);
                return answer(ex, unique, r, 0);
            }
            case FuseH.FUSE_FSYNC, FuseH.FUSE_FSYNCDIR -> {
                if (!has(end, FuseFsyncIn.SIZE)) return tooShort(ex, unique, "FSYNC", FuseFsyncIn.SIZE);
                long fh = req.get(JAVA_LONG_UNALIGNED, a + FuseFsyncIn.OFFSET_FH);
                boolean datasync = (req.get(JAVA_INT_UNALIGNED, a + FuseFsyncIn.OFFSET_FSYNC_FLAGS)
                        & FuseH.FUSE_FSYNC_FDATASYNC) != 0;
                int r = op == FuseH.FUSE_FSYNC ? fs.fsync(ctx, node, fh, datasync) : fs.fsyncdir(ctx, node, fh, datasync);
                return answer(ex, unique, r, 0);
            }
            case FuseH.FUSE_SETXATTR -> {
                long fixed = s.extendedSetxattr() ? FuseSetxattrIn.SIZE : FuseH.FUSE_COMPAT_SETXATTR_IN_SIZE;
                if (!has(end, fixed)) return tooShort(ex, unique, "SETXATTR", fixed);
                long size = Integer.toUnsignedLong(req.get(JAVA_INT_UNALIGNED, a + FuseSetxattrIn.OFFSET_SIZE));
                int flags = req.get(JAVA_INT_UNALIGNED, a + FuseSetxattrIn.OFFSET_FLAGS);
                int sxFlags = s.extendedSetxattr()
                        ? req.get(JAVA_INT_UNALIGNED, a + FuseSetxattrIn.OFFSET_SETXATTR_FLAGS) : 0;
                long value = name(req, a + fixed, end, ex.name);
                if (value < 0) return reject(ex, unique, EINVAL, "SETXATTR name is not NUL-terminated");
                if (end - value != size) {
                    return reject(ex, unique, EINVAL, "SETXATTR size " + size + " but " + (end - value) + " bytes follow");
                }
                return answer(ex, unique, fs.setxattr(ctx, node, ex.name, req, value, (int) size, flags, sxFlags), 0);
            }
            case FuseH.FUSE_GETXATTR, FuseH.FUSE_LISTXATTR -> {
                if (!has(end, FuseGetxattrIn.SIZE)) return tooShort(ex, unique, "GETXATTR", FuseGetxattrIn.SIZE);
                long size = Integer.toUnsignedLong(req.get(JAVA_INT_UNALIGNED, a + FuseGetxattrIn.OFFSET_SIZE));
                if (op == FuseH.FUSE_GETXATTR) {
                    long after = name(req, a + FuseGetxattrIn.SIZE, end, ex.name);
                    if (after != end) return reject(ex, unique, EINVAL, "GETXATTR name does not end the arguments");
                }
                int cap = (int) Math.min(size, out.byteSize() - OUT);
                ByteSink sink = ex.bytes.wrap(out, OUT, cap);
                int n = op == FuseH.FUSE_GETXATTR ? fs.getxattr(ctx, node, ex.name, sink) : fs.listxattr(ctx, node, sink);
                if (n < 0) return answer(ex, unique, n, 0);
                if (size == 0) {
                    clear(out, FuseGetxattrOut.SIZE);
                    out.set(JAVA_INT_UNALIGNED, OUT + FuseGetxattrOut.OFFSET_SIZE, n);
                    return answer(ex, unique, 0, FuseGetxattrOut.SIZE);
                }
                if (n > cap) return answer(ex, unique, -Errno.ERANGE, 0);
                return answer(ex, unique, 0, n);
            }
            case FuseH.FUSE_REMOVEXATTR -> {
                long after = name(req, a, end, ex.name);
                if (after != end) return reject(ex, unique, EINVAL, "REMOVEXATTR name does not end the arguments");
                return answer(ex, unique, fs.removexattr(ctx, node, ex.name), 0);
            }
            case FuseH.FUSE_FLUSH -> {
                if (!has(end, FuseFlushIn.SIZE)) return tooShort(ex, unique, "FLUSH", FuseFlushIn.SIZE);
                long fh = req.get(JAVA_LONG_UNALIGNED, a + FuseFlushIn.OFFSET_FH);
                long owner = req.get(JAVA_LONG_UNALIGNED, a + FuseFlushIn.OFFSET_LOCK_OWNER);
                return answer(ex, unique, fs.flush(ctx, node, fh, owner), 0);
            }
            case FuseH.FUSE_READDIR, FuseH.FUSE_READDIRPLUS -> {
                if (!has(end, FuseReadIn.SIZE)) return tooShort(ex, unique, "READDIR", FuseReadIn.SIZE);
                ReadIn in = ex.readIn.wrap(req, a);
                long cap = Math.min(Integer.toUnsignedLong(in.size()), out.byteSize() - OUT);
                boolean plus = op == FuseH.FUSE_READDIRPLUS;
                DirentSink d = ex.dirents.wrap(out, OUT, cap, plus);
                int r = plus ? fs.readdirplus(ctx, node, in.fh(), in.offset(), d) : fs.readdir(ctx, node, in.fh(), in.offset(), d);
                return answer(ex, unique, r, r < 0 ? 0 : d.length());
            }
            case FuseH.FUSE_GETLK -> {
                if (!has(end, FuseLkIn.SIZE)) return tooShort(ex, unique, "GETLK", FuseLkIn.SIZE);
                clear(out, FuseLkOut.SIZE);
                return answer(ex, unique, fs.getlk(ctx, node, ex.lockIn.wrap(req, a), ex.lockOut.wrap(out, OUT)),
                        FuseLkOut.SIZE);
            }
            case FuseH.FUSE_SETLK, FuseH.FUSE_SETLKW -> {
                if (!has(end, FuseLkIn.SIZE)) return tooShort(ex, unique, "SETLK", FuseLkIn.SIZE);
                return answer(ex, unique, fs.setlk(ctx, node, ex.lockIn.wrap(req, a), op == FuseH.FUSE_SETLKW), 0);
            }
            case FuseH.FUSE_ACCESS -> {
                if (!has(end, 8)) return tooShort(ex, unique, "ACCESS", 8);
                return answer(ex, unique, fs.access(ctx, node, req.get(JAVA_INT_UNALIGNED, a)), 0);
            }
            case FuseH.FUSE_CREATE, FuseH.FUSE_TMPFILE -> {
                if (!has(end, FuseCreateIn.SIZE)) return tooShort(ex, unique, "CREATE", FuseCreateIn.SIZE);
                if (op == FuseH.FUSE_CREATE) {
                    if ((why = onlyComponent(req, a + FuseCreateIn.SIZE, end, ex.name)) != null) {
                        return reject(ex, unique, EINVAL, why);
                    }
                } else if (name(req, a + FuseCreateIn.SIZE, end, ex.name) != end) {
                    // the kernel names an O_TMPFILE dentry "/": only its termination is checked
                    return reject(ex, unique, EINVAL, "TMPFILE name does not end the arguments");
                }
                long replySize = FuseEntryOut.SIZE + FuseOpenOut.SIZE;
                clear(out, replySize);
                int flags = req.get(JAVA_INT_UNALIGNED, a + FuseCreateIn.OFFSET_FLAGS);
                int mode = req.get(JAVA_INT_UNALIGNED, a + FuseCreateIn.OFFSET_MODE);
                int umask = req.get(JAVA_INT_UNALIGNED, a + FuseCreateIn.OFFSET_UMASK);
                int openFlags = req.get(JAVA_INT_UNALIGNED, a + FuseCreateIn.OFFSET_OPEN_FLAGS);
                EntryOut e = ex.entryOut.wrap(out, OUT);
                OpenOut o = ex.openOut.wrap(out, OUT + FuseEntryOut.SIZE);
                int r = op == FuseH.FUSE_CREATE
                        ? fs.create(ctx, node, ex.name, flags, mode, umask, openFlags, e, o)
                        : fs.tmpfile(ctx, node, flags, mode, umask, openFlags, e, o);
                return answer(ex, unique, r, replySize);
            }
            case FuseH.FUSE_INTERRUPT -> {
                if (!has(end, 8)) return tooShort(ex, unique, "INTERRUPT", 8);
                long target = req.get(JAVA_LONG_UNALIGNED, a);
                for (Exchange other : exchanges) {
                    if (other != ex && other.ctx.interruptIfServing(target)) return NO_REPLY;
                }
                // not (yet) being served: EAGAIN makes the kernel requeue the interrupt while the request lives
                sendError(ex, unique, EAGAIN);
                return REPLIED;
            }
            case FuseH.FUSE_DESTROY -> {
                destroyed = true;
                shutdown();
                return answer(ex, unique, 0, 0);
            }
            case FuseH.FUSE_NOTIFY_REPLY -> {
                return NO_REPLY; // answers a FUSE_NOTIFY_RETRIEVE, which this server never sends
            }
            case FuseH.FUSE_FALLOCATE -> {
                if (!has(end, FuseFallocateIn.SIZE)) return tooShort(ex, unique, "FALLOCATE", FuseFallocateIn.SIZE);
                return answer(ex, unique, fs.fallocate(ctx, node,
                        req.get(JAVA_LONG_UNALIGNED, a + FuseFallocateIn.OFFSET_FH),
                        req.get(JAVA_LONG_UNALIGNED, a + FuseFallocateIn.OFFSET_OFFSET),
                        req.get(JAVA_LONG_UNALIGNED, a + FuseFallocateIn.OFFSET_LENGTH),
                        req.get(JAVA_INT_UNALIGNED, a + FuseFallocateIn.OFFSET_MODE)), 0);
            }
            case FuseH.FUSE_LSEEK -> {
                if (!has(end, FuseLseekIn.SIZE)) return tooShort(ex, unique, "LSEEK", FuseLseekIn.SIZE);
                long r = fs.lseek(ctx, node, req.get(JAVA_LONG_UNALIGNED, a + FuseLseekIn.OFFSET_FH),
                        req.get(JAVA_LONG_UNALIGNED, a + FuseLseekIn.OFFSET_OFFSET),
                        req.get(JAVA_INT_UNALIGNED, a + FuseLseekIn.OFFSET_WHENCE));
                if (r < 0) return answer(ex, unique, (int) Math.max(r, Integer.MIN_VALUE), 0);
                out.set(JAVA_LONG_UNALIGNED, OUT, r);
                return answer(ex, unique, 0, 8);
            }
            case FuseH.FUSE_COPY_FILE_RANGE, FuseH.FUSE_COPY_FILE_RANGE_64 -> {
                if (!has(end, FuseCopyFileRangeIn.SIZE)) {
                    return tooShort(ex, unique, "COPY_FILE_RANGE", FuseCopyFileRangeIn.SIZE);
                }
                CopyFileRangeIn in = ex.copyIn.wrap(req, a);
                boolean wide = op == FuseH.FUSE_COPY_FILE_RANGE_64;
                if (!wide && Long.compareUnsigned(in.len(), 0xffff_ffffL) > 0) {
                    return reject(ex, unique, EINVAL, "COPY_FILE_RANGE len " + Long.toUnsignedString(in.len())
                            + " does not fit its 32-bit reply");
                }
                long r = fs.copyFileRange(ctx, node, in);
                if (r < 0) return answer(ex, unique, (int) Math.max(r, Integer.MIN_VALUE), 0);
                if (Long.compareUnsigned(r, in.len()) > 0) {
                    return fsBug(ex, unique, "copyFileRange copied " + r + " of " + in.len() + " bytes");
                }
                clear(out, 8);
                if (wide) out.set(JAVA_LONG_UNALIGNED, OUT, r);
                else out.set(JAVA_INT_UNALIGNED, OUT + FuseWriteOut.OFFSET_SIZE, (int) r);
                return answer(ex, unique, 0, 8);
            }
            case FuseH.FUSE_SETUPMAPPING -> {
                if (!has(end, FuseSetupmappingIn.SIZE)) return tooShort(ex, unique, "SETUPMAPPING", FuseSetupmappingIn.SIZE);
                return answer(ex, unique, fs.setupMapping(ctx, node,
                        req.get(JAVA_LONG_UNALIGNED, a + FuseSetupmappingIn.OFFSET_FH),
                        req.get(JAVA_LONG_UNALIGNED, a + FuseSetupmappingIn.OFFSET_FOFFSET),
                        req.get(JAVA_LONG_UNALIGNED, a + FuseSetupmappingIn.OFFSET_LEN),
                        req.get(JAVA_LONG_UNALIGNED, a + FuseSetupmappingIn.OFFSET_FLAGS),
                        req.get(JAVA_LONG_UNALIGNED, a + FuseSetupmappingIn.OFFSET_MOFFSET)), 0);
            }
            case FuseH.FUSE_REMOVEMAPPING -> {
                if (!has(end, 4)) return tooShort(ex, unique, "REMOVEMAPPING", 4);
                long count = Integer.toUnsignedLong(req.get(JAVA_INT_UNALIGNED, a));
                long first = a + 4;
                if (count * FuseRemovemappingOne.SIZE != end - first) {
                    return reject(ex, unique, EINVAL, "REMOVEMAPPING count " + count + " but " + (end - first)
                            + " bytes of ranges");
                }
                int r = 0;
                for (long i = 0; i < count && r >= 0; i++) {
                    long at = first + i * FuseRemovemappingOne.SIZE;
                    r = fs.removeMapping(ctx, req.get(JAVA_LONG_UNALIGNED, at + FuseRemovemappingOne.OFFSET_MOFFSET),
                            req.get(JAVA_LONG_UNALIGNED, at + FuseRemovemappingOne.OFFSET_LEN));
                }
                return answer(ex, unique, r, 0);
            }
            case FuseH.FUSE_SYNCFS -> {
                if (!has(end, 8)) return tooShort(ex, unique, "SYNCFS", 8);
                return answer(ex, unique, fs.syncfs(ctx, node), 0);
            }
            case FuseH.FUSE_STATX -> {
                if (!has(end, FuseStatxIn.SIZE)) return tooShort(ex, unique, "STATX", FuseStatxIn.SIZE);
                clear(out, FuseStatxOut.SIZE);
                int r = fs.statx(ctx, node, req.get(JAVA_INT_UNALIGNED, a + FuseStatxIn.OFFSET_GETATTR_FLAGS),
                        req.get(JAVA_LONG_UNALIGNED, a + FuseStatxIn.OFFSET_FH),
                        req.get(JAVA_INT_UNALIGNED, a + FuseStatxIn.OFFSET_SX_FLAGS),
                        req.get(JAVA_INT_UNALIGNED, a + FuseStatxIn.OFFSET_SX_MASK), ex.statxOut.wrap(out, OUT));
                return answer(ex, unique, r, FuseStatxOut.SIZE);
            }
            default -> {
                // BMAP, IOCTL, POLL, CUSE_INIT and anything unknown: ENOSYS makes the kernel stop asking
                return reject(ex, unique, ENOSYS, "opcode " + op + " is not supported");
            }
        }
    }

    private int read(Exchange ex, Session s, MemorySegment req, long unique, long end) {
        if (!has(end, FuseReadIn.SIZE)) return tooShort(ex, unique, "READ", FuseReadIn.SIZE);
        ReadIn in = ex.readIn.wrap(req, IN);
        long size = Integer.toUnsignedLong(in.size());
        if (size > s.maxRead()) {
            return reject(ex, unique, EINVAL, "READ of " + size + " bytes exceeds max_pages (" + s.maxRead() + ")");
        }
        int prepared = ex.channel.prepareRead(ex.readSink, ex.reply, (int) size);
        if (prepared < 0) return reject(ex, unique, -prepared, "no room for a READ of " + size + " bytes");
        if (ex.readSink.size() != size) {
            return reject(ex, unique, EIO, "transport prepared " + ex.readSink.size() + " bytes for a READ of " + size);
        }
        int n = fs.read(ex.ctx, ex.ctx.nodeid(), in, ex.readSink);
        if (n < 0) return answer(ex, unique, n, 0);
        if (n > size) return fsBug(ex, unique, "read returned " + n + " bytes for a READ of " + size);
        writeHeader(ex.reply, OUT + n, 0, unique);
        return sent(ex, ex.channel.send(ex.reply, OUT, ex.readSink, n));
    }

    private int write(Exchange ex, Session s, MemorySegment req, long unique, long end) {
        if (!has(end, FuseWriteIn.SIZE)) return tooShort(ex, unique, "WRITE", FuseWriteIn.SIZE);
        WriteIn in = ex.writeIn.wrap(req, IN);
        long size = Integer.toUnsignedLong(in.size());
        long data = IN + FuseWriteIn.SIZE;
        WriteSource src = ex.writeSource;
        if (ex.externalBytes > 0) {
            if (end != data || size != ex.externalBytes) {
                return reject(ex, unique, EINVAL, "WRITE size " + size + " but the payload has " + ex.externalBytes
                        + " bytes after a " + end + "-byte head");
            }
        } else {
            if (end - data != size) {
                return reject(ex, unique, EINVAL, "WRITE size " + size + " but " + (end - data) + " bytes follow");
            }
            src.clear();
            src.add(req, data, size);
        }
        if (size > s.maxWrite()) {
            return reject(ex, unique, EINVAL, "WRITE of " + size + " bytes exceeds max_write " + s.maxWrite());
        }
        int n = fs.write(ex.ctx, ex.ctx.nodeid(), in, src);
        if (n > size) return fsBug(ex, unique, "write returned " + n + " for a WRITE of " + size + " bytes");
        if (n >= 0) {
            clear(ex.reply, FuseWriteOut.SIZE);
            ex.reply.set(JAVA_INT_UNALIGNED, OUT + FuseWriteOut.OFFSET_SIZE, n);
        }
        return answer(ex, unique, n, FuseWriteOut.SIZE);
    }

    // ---- INIT ---------------------------------------------------------------------------------------

    private int init(Exchange ex, MemorySegment req, long end, long unique) {
        if (session != null) return reject(ex, unique, EIO, "INIT after the session was initialized");
        if (!has(end, 16)) return tooShort(ex, unique, "INIT", 16);
        long a = IN;
        int major = req.get(JAVA_INT_UNALIGNED, a + FuseInitIn.OFFSET_MAJOR);
        int minor = req.get(JAVA_INT_UNALIGNED, a + FuseInitIn.OFFSET_MINOR);
        int readahead = req.get(JAVA_INT_UNALIGNED, a + FuseInitIn.OFFSET_MAX_READAHEAD);
        long flags = Integer.toUnsignedLong(req.get(JAVA_INT_UNALIGNED, a + FuseInitIn.OFFSET_FLAGS));
        if ((flags & FuseH.FUSE_INIT_EXT) != 0 && has(end, FuseInitIn.OFFSET_FLAGS2 + 4)) {
            flags |= Integer.toUnsignedLong(req.get(JAVA_INT_UNALIGNED, a + FuseInitIn.OFFSET_FLAGS2)) << 32;
        }
        MemorySegment out = ex.reply;
        clear(out, FuseInitOut.SIZE);
        if (major > FuseH.FUSE_KERNEL_VERSION) {
            // a newer major: answer ours and wait for the kernel to retry INIT in it
            out.set(JAVA_INT_UNALIGNED, OUT + FuseInitOut.OFFSET_MAJOR, FuseH.FUSE_KERNEL_VERSION);
            out.set(JAVA_INT_UNALIGNED, OUT + FuseInitOut.OFFSET_MINOR, PROTOCOL_MINOR);
            return answer(ex, unique, 0, FuseH.FUSE_COMPAT_INIT_OUT_SIZE);
        }
        if (major < FuseH.FUSE_KERNEL_VERSION || minor < MIN_KERNEL_MINOR) {
            return reject(ex, unique, EPROTO, "kernel FUSE " + major + "." + minor + " is older than 7."
                    + MIN_KERNEL_MINOR);
        }
        InitConfig cfg = new InitConfig(major, minor, flags, Math.max(readahead, 0), options.wanted(),
                options.maxWrite(), options.maxPages(), options.maxBackground(), options.congestionThreshold(),
                options.timeGran(), backing, notifier);
        int r = fs.init(ex.ctx, cfg);
        if (r < 0) return answer(ex, unique, r, 0);
        long chosen = cfg.wanted() & flags;
        if ((chosen & FuseH.FUSE_PASSTHROUGH) != 0 && (cfg.maxStackDepth() == 0 || backing == null)) {
            chosen &= ~FuseH.FUSE_PASSTHROUGH; // the kernel ignores it without a stack depth; say so explicitly
        }
        if ((chosen & FuseH.FUSE_OVER_IO_URING) != 0) {
            // one thread serves each CPU's ring queue: a lock request waiting there would hold up every other
            // request from that CPU, the unlock included, so locks stay in the kernel (as FUSE_POSIX_LOCKS off)
            chosen &= ~(FuseH.FUSE_POSIX_LOCKS | FuseH.FUSE_FLOCK_LOCKS);
        }
        if ((chosen >>> 32) != 0) chosen |= FuseH.FUSE_INIT_EXT;
        int agreedMinor = Math.min(minor, PROTOCOL_MINOR);
        Session s = new Session(agreedMinor, chosen, cfg.maxWrite(), cfg.maxPages(), cfg.maxReadahead(),
                cfg.timeGran(), (chosen & FuseH.FUSE_PASSTHROUGH) != 0 ? cfg.maxStackDepth() : 0);
        long o = OUT;
        out.set(JAVA_INT_UNALIGNED, o + FuseInitOut.OFFSET_MAJOR, FuseH.FUSE_KERNEL_VERSION);
        out.set(JAVA_INT_UNALIGNED, o + FuseInitOut.OFFSET_MINOR, agreedMinor);
        out.set(JAVA_INT_UNALIGNED, o + FuseInitOut.OFFSET_MAX_READAHEAD, cfg.maxReadahead());
        out.set(JAVA_INT_UNALIGNED, o + FuseInitOut.OFFSET_FLAGS, (int) chosen);
        out.set(JAVA_SHORT_UNALIGNED, o + FuseInitOut.OFFSET_MAX_BACKGROUND, (short) cfg.maxBackground());
        out.set(JAVA_SHORT_UNALIGNED, o + FuseInitOut.OFFSET_CONGESTION_THRESHOLD, (short) cfg.congestionThreshold());
        out.set(JAVA_INT_UNALIGNED, o + FuseInitOut.OFFSET_MAX_WRITE, cfg.maxWrite());
        out.set(JAVA_INT_UNALIGNED, o + FuseInitOut.OFFSET_TIME_GRAN, cfg.timeGran());
        out.set(JAVA_SHORT_UNALIGNED, o + FuseInitOut.OFFSET_MAX_PAGES, (short) cfg.maxPages());
        if ((chosen & FuseH.FUSE_MAP_ALIGNMENT) != 0) {
            out.set(JAVA_SHORT_UNALIGNED, o + FuseInitOut.OFFSET_MAP_ALIGNMENT, (short) cfg.mapAlignment());
        }
        out.set(JAVA_INT_UNALIGNED, o + FuseInitOut.OFFSET_FLAGS2, (int) (chosen >>> 32));
        if (agreedMinor >= 40) out.set(JAVA_INT_UNALIGNED, o + FuseInitOut.OFFSET_MAX_STACK_DEPTH, s.maxStackDepth());
        if (agreedMinor >= 43 && (chosen & FuseH.FUSE_REQUEST_TIMEOUT) != 0) {
            out.set(JAVA_SHORT_UNALIGNED, o + FuseInitOut.OFFSET_REQUEST_TIMEOUT, (short) cfg.requestTimeout());
        }
        session = s;
        return answer(ex, unique, 0, FuseInitOut.SIZE);
    }

    // ---- encoding -----------------------------------------------------------------------------------

    /** Zeroes the reply arguments the file system is about to fill, so no stale bytes leave the daemon. */
    private static void clear(MemorySegment reply, long bytes) {
        long endAt = OUT + bytes;
        long i = OUT;
        for (; i + 8 <= endAt; i += 8) reply.set(JAVA_LONG_UNALIGNED, i, 0L);
        for (; i < endAt; i++) reply.set(JAVA_BYTE, i, (byte) 0);
    }

    private static void writeHeader(MemorySegment reply, long len, int error, long unique) {
        reply.set(JAVA_INT_UNALIGNED, FuseOutHeader.OFFSET_LEN, (int) len);
        reply.set(JAVA_INT_UNALIGNED, FuseOutHeader.OFFSET_ERROR, error);
        reply.set(JAVA_LONG_UNALIGNED, FuseOutHeader.OFFSET_UNIQUE, unique);
    }

    /**
     * Sends the file system's answer: {@code result} < 0 is an errno (header only), else {@code argBytes} of
     * arguments already in the reply buffer follow the header.
     */
    private int answer(Exchange ex, long unique, long result, long argBytes) {
        if (result < 0) {
            int errno = result < LOWEST_ERRNO ? EIO : (int) -result;
            if (result < LOWEST_ERRNO) LOG.log(System.Logger.Level.WARNING, "file system returned " + result
                    + " (not an errno) for request " + unique + "; answering EIO");
            sendError(ex, unique, errno);
            return REPLIED;
        }
        writeHeader(ex.reply, OUT + argBytes, 0, unique);
        return sent(ex, ex.channel.send(ex.reply, (int) (OUT + argBytes), null, 0));
    }

    private void sendError(Exchange ex, long unique, int errno) {
        writeHeader(ex.reply, OUT, -errno, unique);
        sent(ex, ex.channel.send(ex.reply, OUT, null, 0));
    }

    private static int sent(Exchange ex, int r) {
        if (r < 0 && r != -Errno.ENOENT) {
            ex.sendFailures++;
            ex.lastSendError = r;
        }
        return REPLIED;
    }

    private int reject(Exchange ex, long unique, int errno, String why) {
        rejected.increment();
        ex.lastRejection = why;
        LOG.log(System.Logger.Level.DEBUG, () -> "rejecting FUSE request " + Long.toUnsignedString(unique) + " with "
                + Errno.name(errno) + ": " + why);
        sendError(ex, unique, errno);
        return REJECTED;
    }

    private int tooShort(Exchange ex, long unique, String op, long need) {
        return reject(ex, unique, EINVAL, op + " needs a " + need + "-byte argument");
    }

    /** Rejects, or drops silently for requests the kernel expects no answer to. */
    private int bad(Exchange ex, boolean silent, long unique, int errno, String why) {
        return silent ? drop(ex, why) : reject(ex, unique, errno, why);
    }

    private int drop(Exchange ex, String why) {
        dropped.increment();
        ex.lastRejection = why;
        LOG.log(System.Logger.Level.DEBUG, () -> "dropping FUSE request: " + why);
        return DROPPED;
    }

    private int fsBug(Exchange ex, long unique, String what) {
        LOG.log(System.Logger.Level.ERROR, "file system bug: " + what + "; answering EIO");
        sendError(ex, unique, EIO);
        return REPLIED;
    }
}
