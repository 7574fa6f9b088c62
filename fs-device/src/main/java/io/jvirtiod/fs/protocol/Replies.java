package io.jvirtiod.fs.protocol;

import io.jvirtiod.binding.fuse.FuseOutHeader;
import io.jvirtiod.binding.sys.Errno;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.LongAdder;

import static io.jvirtiod.binding.sys.Errno.EINVAL;
import static io.jvirtiod.binding.sys.Errno.EIO;
import static io.jvirtiod.fs.protocol.FuseDispatcher.DROPPED;
import static io.jvirtiod.fs.protocol.FuseDispatcher.OUT;
import static io.jvirtiod.fs.protocol.FuseDispatcher.REJECTED;
import static io.jvirtiod.fs.protocol.FuseDispatcher.REPLIED;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * How the dispatcher answers: the file system's answer or an errno after the out-header, the rejection of a
 * malformed request (counted, its reason kept in the {@link Exchange}), and the silent drop of one the kernel
 * expects no answer to. Each returns the dispatcher's outcome ({@link FuseDispatcher#REPLIED} ...).
 */
final class Replies {
    private static final System.Logger LOG = System.getLogger(FuseDispatcher.class.getName());
    /** The kernel rejects a reply whose error is <= -512 (fs/fuse/dev.c), leaving the request hanging. */
    private static final int LOWEST_ERRNO = -511;

    private final LongAdder rejected = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    /** Requests answered with an error by the decoder (malformed or unsupported). */
    long rejectedCount() {
        return rejected.sum();
    }

    /** Requests dropped without a reply (too short to answer, malformed forgets). */
    long droppedCount() {
        return dropped.sum();
    }

    /** Zeroes the reply arguments the file system is about to fill, so no stale bytes leave the daemon. */
    static void clear(MemorySegment reply, long bytes) {
        long endAt = OUT + bytes;
        long i = OUT;
        for (; i + 8 <= endAt; i += 8) reply.set(JAVA_LONG_UNALIGNED, i, 0L);
        for (; i < endAt; i++) reply.set(JAVA_BYTE, i, (byte) 0);
    }

    static void writeHeader(MemorySegment reply, long len, int error, long unique) {
        reply.set(JAVA_INT_UNALIGNED, FuseOutHeader.OFFSET_LEN, (int) len);
        reply.set(JAVA_INT_UNALIGNED, FuseOutHeader.OFFSET_ERROR, error);
        reply.set(JAVA_LONG_UNALIGNED, FuseOutHeader.OFFSET_UNIQUE, unique);
    }

    /**
     * Sends the file system's answer: {@code result} < 0 is an errno (header only), else {@code argBytes} of
     * arguments already in the reply buffer follow the header.
     */
    int answer(Exchange ex, long unique, long result, long argBytes) {
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

    void sendError(Exchange ex, long unique, int errno) {
        writeHeader(ex.reply, OUT, -errno, unique);
        sent(ex, ex.channel.send(ex.reply, OUT, null, 0));
    }

    static int sent(Exchange ex, int r) {
        if (r < 0 && r != -Errno.ENOENT) {
            ex.sendFailures++;
            ex.lastSendError = r;
        }
        return REPLIED;
    }

    int reject(Exchange ex, long unique, int errno, String why) {
        rejected.increment();
        ex.lastRejection = why;
        LOG.log(System.Logger.Level.DEBUG, () -> "rejecting FUSE request " + Long.toUnsignedString(unique) + " with "
                + Errno.name(errno) + ": " + why);
        sendError(ex, unique, errno);
        return REJECTED;
    }

    int tooShort(Exchange ex, long unique, String op, long need) {
        return reject(ex, unique, EINVAL, op + " needs a " + need + "-byte argument");
    }

    /** Rejects, or drops silently for requests the kernel expects no answer to. */
    int bad(Exchange ex, boolean silent, long unique, int errno, String why) {
        return silent ? drop(ex, why) : reject(ex, unique, errno, why);
    }

    int drop(Exchange ex, String why) {
        dropped.increment();
        ex.lastRejection = why;
        LOG.log(System.Logger.Level.DEBUG, () -> "dropping FUSE request: " + why);
        return DROPPED;
    }

    /** Counts a request dropped on an exception after its reply went out (see FuseDispatcher.handle). */
    void dropped() {
        dropped.increment();
    }

    int fsBug(Exchange ex, long unique, String what) {
        LOG.log(System.Logger.Level.ERROR, "file system bug: " + what + "; answering EIO");
        sendError(ex, unique, EIO);
        return REPLIED;
    }
}
