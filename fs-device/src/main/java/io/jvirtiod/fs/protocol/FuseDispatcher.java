package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseInHeader;
import io.jvirtiod.binding.fuse.FuseOutHeader;
import io.jvirtiod.fs.BackingFiles;
import io.jvirtiod.fs.FileSystem;
import io.jvirtiod.fs.Notifier;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.jvirtiod.binding.sys.Errno.EAGAIN;
import static io.jvirtiod.binding.sys.Errno.EINVAL;
import static io.jvirtiod.binding.sys.Errno.EIO;
import static io.jvirtiod.binding.sys.Errno.ENOSYS;
import static io.jvirtiod.fs.protocol.RequestArgs.has;
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
 * extensions) must fit (EINVAL), an unknown or unsupported opcode gets ENOSYS (so does a lock request of a kind
 * INIT did not agree), and a request before INIT or after DESTROY gets EIO (as libfuse and virtiofsd answer).
 * No malformed request reaches the file system, no exception or error leaves {@link #handle} (one the file
 * system throws is answered EIO), and FORGET/BATCH_FORGET/NOTIFY_REPLY are never answered (the kernel expects
 * no reply; a malformed one is dropped and counted).
 *
 * <p>This class checks the in-header, its extensions ({@link RequestArgs}) and the session, then picks one
 * method per opcode: INIT is {@link InitNegotiation}'s, the file system's requests are {@link Operations}',
 * and every answer goes out through {@link Replies}.
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
    /** Bit 0 of an INTERRUPT request's unique (FUSE_INT_REQ_BIT). */
    private static final long INT_REQ_BIT = 1;

    private final FileSystem fs;
    private final FuseOptions options;
    private final CopyOnWriteArrayList<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final Replies replies = new Replies();
    private final InitNegotiation negotiation;
    private final Operations ops;
    private volatile boolean destroyed;
    private final AtomicBoolean fsDestroyed = new AtomicBoolean();

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
        this.negotiation = new InitNegotiation(fs, options, backing, notifier, replies);
        this.ops = new Operations(fs, replies);
    }

    public FuseOptions options() {
        return options;
    }

    /** The negotiated session, or null before INIT. */
    public Session session() {
        return negotiation.session();
    }

    /** True once DESTROY was served. */
    public boolean destroyed() {
        return destroyed;
    }

    /** Requests answered with an error by the decoder (malformed or unsupported). */
    public long rejectedCount() {
        return replies.rejectedCount();
    }

    /** Requests dropped without a reply (too short to answer, malformed forgets). */
    public long droppedCount() {
        return replies.droppedCount();
    }

    /**
     * Ends the session from the server side (the transport's connection is gone, or DESTROY arrived): calls
     * {@link FileSystem#destroy()} once if INIT had started the session.
     */
    public void shutdown() {
        destroyed = true;
        if (negotiation.session() != null && fsDestroyed.compareAndSet(false, true)) fs.destroy();
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
                return replies.drop(ex, "transport passed " + length + " bytes of a " + request.byteSize()
                        + "-byte buffer and " + externalBytes + " external bytes");
            }
            if (length < IN) {
                if (length < FuseInHeader.OFFSET_UNIQUE + 8 || noReply(opcode)) {
                    return replies.drop(ex, "request of " + length + " bytes is shorter than fuse_in_header ("
                            + IN + ")");
                }
                unique = request.get(JAVA_LONG_UNALIGNED, FuseInHeader.OFFSET_UNIQUE);
                replied = true;
                return replies.reject(ex, unique, EIO, "request of " + length
                        + " bytes is shorter than fuse_in_header");
            }
            unique = request.get(JAVA_LONG_UNALIGNED, FuseInHeader.OFFSET_UNIQUE);
            int result = decode(ex, request, length, unique);
            replied = result == REPLIED || result == REJECTED;
            return result;
        } catch (RuntimeException | Error e) {
            // An Error too (an InternalError from memory that faults, a stack overflow): answer EIO, keep the worker.
            LOG.log(System.Logger.Level.ERROR, "FUSE request " + Long.toUnsignedString(unique) + " failed", e);
            if (replied || length < IN || noReply(opcode)) {
                replies.dropped();
                return DROPPED;
            }
            try {
                replies.sendError(ex, unique, EIO);
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
            return replies.bad(ex, silent, unique, EINVAL, "in.len " + len + " but the request has " + received
                    + " bytes");
        }
        if (ex.externalBytes > 0 && opcode != FuseH.FUSE_WRITE) {
            return replies.bad(ex, silent, unique, EINVAL, "opcode " + opcode + " carries no WRITE payload");
        }
        long extBytes = 8L * Short.toUnsignedInt(req.get(JAVA_SHORT_UNALIGNED, FuseInHeader.OFFSET_TOTAL_EXTLEN));
        if (extBytes > length - IN || (extBytes > 0 && ex.externalBytes > 0)) {
            return replies.bad(ex, silent, unique, EINVAL, "total_extlen " + extBytes
                    + " bytes overruns the request");
        }
        long end = length - extBytes;
        ex.ctx.wrap(req);
        if (extBytes > 0) {
            String why = RequestArgs.extensions(ex.ctx, req, end, length);
            if (why != null) return replies.bad(ex, silent, unique, EINVAL, why);
        }
        if (opcode == FuseH.FUSE_INIT) return negotiation.init(ex, req, end, unique);
        Session s = negotiation.session();
        if (s == null || destroyed) {
            return replies.bad(ex, silent, unique, EIO, "opcode " + opcode
                    + (s == null ? " before INIT" : " after DESTROY"));
        }
        return dispatch(ex, s, req, opcode, unique, end);
    }

    /** One small method per opcode (as virtiofsd's server.rs); a flag tells paired opcodes apart. */
    private int dispatch(Exchange ex, Session s, MemorySegment req, int op, long unique, long end) {
        return switch (op) {
            case FuseH.FUSE_LOOKUP -> ops.lookup(ex, req, unique, end);
            case FuseH.FUSE_FORGET -> ops.forget(ex, req, end);
            case FuseH.FUSE_BATCH_FORGET -> ops.batchForget(ex, req, end);
            case FuseH.FUSE_GETATTR -> ops.getattr(ex, req, unique, end);
            case FuseH.FUSE_SETATTR -> ops.setattr(ex, req, unique, end);
            case FuseH.FUSE_READLINK -> ops.readlink(ex, unique);
            case FuseH.FUSE_SYMLINK -> ops.symlink(ex, req, unique, end);
            case FuseH.FUSE_MKNOD -> ops.mknod(ex, req, unique, end);
            case FuseH.FUSE_MKDIR -> ops.mkdir(ex, req, unique, end);
            case FuseH.FUSE_UNLINK -> ops.unlink(ex, req, unique, end);
            case FuseH.FUSE_RMDIR -> ops.rmdir(ex, req, unique, end);
            case FuseH.FUSE_RENAME -> ops.rename(ex, req, unique, end);
            case FuseH.FUSE_RENAME2 -> ops.rename2(ex, req, unique, end);
            case FuseH.FUSE_LINK -> ops.link(ex, req, unique, end);
            case FuseH.FUSE_OPEN -> ops.open(ex, req, unique, end);
            case FuseH.FUSE_OPENDIR -> ops.opendir(ex, req, unique, end);
            case FuseH.FUSE_READ -> ops.read(ex, s, req, unique, end);
            case FuseH.FUSE_WRITE -> ops.write(ex, s, req, unique, end);
            case FuseH.FUSE_STATFS -> ops.statfs(ex, unique);
            case FuseH.FUSE_RELEASE -> ops.release(ex, req, unique, end);
            case FuseH.FUSE_RELEASEDIR -> ops.releasedir(ex, req, unique, end);
            case FuseH.FUSE_FSYNC -> ops.fsync(ex, req, unique, end);
            case FuseH.FUSE_FSYNCDIR -> ops.fsyncdir(ex, req, unique, end);
            case FuseH.FUSE_SETXATTR -> ops.setxattr(ex, s, req, unique, end);
            case FuseH.FUSE_GETXATTR -> ops.getxattr(ex, req, unique, end);
            case FuseH.FUSE_LISTXATTR -> ops.listxattr(ex, req, unique, end);
            case FuseH.FUSE_REMOVEXATTR -> ops.removexattr(ex, req, unique, end);
            case FuseH.FUSE_FLUSH -> ops.flush(ex, req, unique, end);
            case FuseH.FUSE_READDIR -> ops.readdir(ex, req, unique, end, false);
            case FuseH.FUSE_READDIRPLUS -> ops.readdirplus(ex, s, req, unique, end);
            case FuseH.FUSE_GETLK -> ops.getlk(ex, s, req, unique, end);
            case FuseH.FUSE_SETLK -> ops.setlk(ex, s, req, unique, end, false);
            case FuseH.FUSE_SETLKW -> ops.setlk(ex, s, req, unique, end, true);
            case FuseH.FUSE_ACCESS -> ops.access(ex, req, unique, end);
            case FuseH.FUSE_CREATE -> ops.create(ex, req, unique, end);
            case FuseH.FUSE_TMPFILE -> ops.tmpfile(ex, req, unique, end);
            case FuseH.FUSE_INTERRUPT -> interrupt(ex, req, unique, end);
            case FuseH.FUSE_DESTROY -> destroy(ex, unique);
            // answers a FUSE_NOTIFY_RETRIEVE, which this server never sends
            case FuseH.FUSE_NOTIFY_REPLY -> NO_REPLY;
            case FuseH.FUSE_FALLOCATE -> ops.fallocate(ex, req, unique, end);
            case FuseH.FUSE_LSEEK -> ops.lseek(ex, req, unique, end);
            case FuseH.FUSE_COPY_FILE_RANGE -> ops.copyFileRange(ex, req, unique, end, false);
            case FuseH.FUSE_COPY_FILE_RANGE_64 -> ops.copyFileRange(ex, req, unique, end, true);
            case FuseH.FUSE_SETUPMAPPING -> ops.setupMapping(ex, req, unique, end);
            case FuseH.FUSE_REMOVEMAPPING -> ops.removeMapping(ex, req, unique, end);
            case FuseH.FUSE_SYNCFS -> ops.syncfs(ex, unique, end);
            case FuseH.FUSE_STATX -> ops.statx(ex, req, unique, end);
            // BMAP, IOCTL, POLL, CUSE_INIT and anything unknown: ENOSYS makes the kernel stop asking
            default -> replies.reject(ex, unique, ENOSYS, "opcode " + op + " is not supported");
        };
    }

    // ---- session -------------------------------------------------------------------------------------

    private int interrupt(Exchange ex, MemorySegment req, long unique, long end) {
        if (!has(end, 8)) return replies.tooShort(ex, unique, "INTERRUPT", 8);
        long target = req.get(JAVA_LONG_UNALIGNED, IN);
        for (Exchange other : exchanges) {
            if (other != ex && other.ctx.interruptIfServing(target)) return NO_REPLY;
        }
        // not (yet) being served: EAGAIN makes the kernel requeue the interrupt while the request lives
        replies.sendError(ex, unique, EAGAIN);
        return REPLIED;
    }

    private int destroy(Exchange ex, long unique) {
        destroyed = true;
        shutdown();
        return replies.answer(ex, unique, 0, 0);
    }
}
