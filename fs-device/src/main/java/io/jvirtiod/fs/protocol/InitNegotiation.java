package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseInitIn;
import io.jvirtiod.binding.fuse.FuseInitOut;
import io.jvirtiod.fs.BackingFiles;
import io.jvirtiod.fs.FileSystem;
import io.jvirtiod.fs.InitConfig;
import io.jvirtiod.fs.Notifier;

import java.lang.foreign.MemorySegment;

import static io.jvirtiod.binding.sys.Errno.EIO;
import static io.jvirtiod.binding.sys.Errno.EPROTO;
import static io.jvirtiod.fs.protocol.FuseDispatcher.IN;
import static io.jvirtiod.fs.protocol.FuseDispatcher.MIN_KERNEL_MINOR;
import static io.jvirtiod.fs.protocol.FuseDispatcher.OUT;
import static io.jvirtiod.fs.protocol.FuseDispatcher.PROTOCOL_MINOR;
import static io.jvirtiod.fs.protocol.RequestArgs.has;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * FUSE_INIT: agrees the protocol version with the kernel, lets the file system choose its capability flags and
 * limits ({@link InitConfig}), drops the flags this server cannot honour, and answers fuse_init_out (flags,
 * max_write, max_pages, max_readahead, time_gran, max_stack_depth, ...). The {@link Session} it agrees is the
 * one every later request is served in.
 */
final class InitNegotiation {
    private final FileSystem fs;
    private final FuseOptions options;
    private final BackingFiles backing;
    private final Notifier notifier;
    private final Replies replies;
    private volatile Session session;

    InitNegotiation(FileSystem fs, FuseOptions options, BackingFiles backing, Notifier notifier, Replies replies) {
        this.fs = fs;
        this.options = options;
        this.backing = backing;
        this.notifier = notifier;
        this.replies = replies;
    }

    /** The negotiated session, or null before INIT. */
    Session session() {
        return session;
    }

    /** Serves INIT: the session is set before the reply leaves, so no request can arrive without it. */
    int init(Exchange ex, MemorySegment req, long end, long unique) {
        if (session != null) return replies.reject(ex, unique, EIO, "INIT after the session was initialized");
        if (!has(end, 16)) return replies.tooShort(ex, unique, "INIT", 16);
        long a = IN;
        int major = req.get(JAVA_INT_UNALIGNED, a + FuseInitIn.OFFSET_MAJOR);
        int minor = req.get(JAVA_INT_UNALIGNED, a + FuseInitIn.OFFSET_MINOR);
        int readahead = req.get(JAVA_INT_UNALIGNED, a + FuseInitIn.OFFSET_MAX_READAHEAD);
        long flags = Integer.toUnsignedLong(req.get(JAVA_INT_UNALIGNED, a + FuseInitIn.OFFSET_FLAGS));
        if ((flags & FuseH.FUSE_INIT_EXT) != 0 && has(end, FuseInitIn.OFFSET_FLAGS2 + 4)) {
            flags |= Integer.toUnsignedLong(req.get(JAVA_INT_UNALIGNED, a + FuseInitIn.OFFSET_FLAGS2)) << 32;
        }
        MemorySegment out = ex.reply;
        Replies.clear(out, FuseInitOut.SIZE);
        if (major > FuseH.FUSE_KERNEL_VERSION) {
            // a newer major: answer ours and wait for the kernel to retry INIT in it
            out.set(JAVA_INT_UNALIGNED, OUT + FuseInitOut.OFFSET_MAJOR, FuseH.FUSE_KERNEL_VERSION);
            out.set(JAVA_INT_UNALIGNED, OUT + FuseInitOut.OFFSET_MINOR, PROTOCOL_MINOR);
            return replies.answer(ex, unique, 0, FuseH.FUSE_COMPAT_INIT_OUT_SIZE);
        }
        if (major < FuseH.FUSE_KERNEL_VERSION || minor < MIN_KERNEL_MINOR) {
            return replies.reject(ex, unique, EPROTO, "kernel FUSE " + major + "." + minor + " is older than 7."
                    + MIN_KERNEL_MINOR);
        }
        InitConfig cfg = new InitConfig(major, minor, flags, Math.max(readahead, 0), options.wanted(),
                options.maxWrite(), options.maxPages(), options.maxBackground(), options.congestionThreshold(),
                options.timeGran(), backing, notifier);
        int r = fs.init(ex.ctx, cfg);
        if (r < 0) return replies.answer(ex, unique, r, 0);
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
        return replies.answer(ex, unique, 0, FuseInitOut.SIZE);
    }
}
