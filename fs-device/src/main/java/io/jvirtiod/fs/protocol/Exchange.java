package io.jvirtiod.fs.protocol;

import io.jvirtiod.fs.Context;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One worker's state for serving requests: its reply buffer, its reply channel, and every flyweight the
 * dispatcher points at a request or reply, created once so that serving a request allocates nothing.
 * Not thread-safe: one Exchange per worker thread (its {@link Context} is read by other workers only to
 * match INTERRUPTs).
 */
public final class Exchange {
    final Context ctx = new Context();
    final ReplyChannel channel;
    final MemorySegment reply;
    final ReadSink readSink;
    final WriteSource writeSource;
    final Name name = new Name();
    final Name name2 = new Name();
    final SetattrIn setattrIn = new SetattrIn();
    final ReadIn readIn = new ReadIn();
    final WriteIn writeIn = new WriteIn();
    final LockIn lockIn = new LockIn();
    final CopyFileRangeIn copyIn = new CopyFileRangeIn();
    final ForgetBatch forgets = new ForgetBatch();
    final EntryOut entryOut = new EntryOut();
    final AttrOut attrOut = new AttrOut();
    final OpenOut openOut = new OpenOut();
    final StatfsOut statfsOut = new StatfsOut();
    final LockOut lockOut = new LockOut();
    final StatxOut statxOut = new StatxOut();
    final DirentSink dirents = new DirentSink();
    final ByteSink bytes = new ByteSink();

    /** What the transport put in {@link #writeSource()} for the current request (virtio-fs WRITE payload). */
    long externalBytes;
    String lastRejection;
    long sendFailures;
    int lastSendError;

    Exchange(Arena arena, ReplyChannel channel, FuseOptions options) {
        this.channel = channel;
        this.reply = arena.allocate(options.replyBufferSize(), 8);
        this.readSink = new ReadSink(arena, options.maxRanges());
        this.writeSource = new WriteSource(arena, options.maxRanges());
    }

    /** The reply buffer (out-header at 0). */
    public MemorySegment replyBuffer() {
        return reply;
    }

    /**
     * The WRITE payload list a transport fills before {@link FuseDispatcher#handle(Exchange, MemorySegment,
     * long, long)} when the payload is not contiguous with the request head (virtio-fs descriptors).
     */
    public WriteSource writeSource() {
        return writeSource;
    }

    public Context context() {
        return ctx;
    }

    /** Replies whose send failed (other than ENOENT for an interrupted request). */
    public long sendFailures() {
        return sendFailures;
    }

    /** Why the decoder last rejected or dropped a request of this worker (null if it did not). */
    public String lastRejection() {
        return lastRejection;
    }

    /** The last -errno a send returned (0 if none failed). */
    public int lastSendError() {
        return lastSendError;
    }
}
