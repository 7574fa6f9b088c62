package io.jvirtiod.fs.fuse;

import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.fuse.FuseInHeader;
import io.jvirtiod.binding.fuse.FuseOutHeader;
import io.jvirtiod.binding.fuse.FuseUringCmdReq;
import io.jvirtiod.binding.fuse.FuseUringEntInOut;
import io.jvirtiod.binding.fuse.FuseUringReqHeader;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.IoUring;
import io.jvirtiod.binding.sys.IoUringSqe;
import io.jvirtiod.binding.sys.Iovec;
import io.jvirtiod.binding.sys.Mman;
import io.jvirtiod.binding.sys.MmanH;
import io.jvirtiod.binding.sys.Sched;
import io.jvirtiod.fs.protocol.Exchange;
import io.jvirtiod.fs.protocol.FuseDispatcher;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * One queue of FUSE over io_uring (Linux 6.14+, fs/fuse/dev_uring.c): the kernel hands each request to the queue
 * of the CPU its caller runs on, and this queue's thread, pinned to that CPU, serves it. Over /dev/fuse every
 * request wakes a worker on another CPU and the reply wakes the caller back across CPUs; here both stay on one
 * CPU, which halves the round trip on this kind of machine (a KVM guest, where waking an idle vCPU is a VM exit).
 *
 * <p>The queue owns {@code depth} ring entries, each a header buffer ({@code struct fuse_uring_req_header}) and a
 * payload buffer registered with FUSE_IO_URING_CMD_REGISTER. A completion of that command means the entry holds
 * a request; the reply is written into the same buffers and committed with FUSE_IO_URING_CMD_COMMIT_AND_FETCH,
 * which also hands the entry back for the next request. Every request gets a commit, an error one if the
 * dispatcher did not answer, or the entry would be lost. The queue ends when the kernel fails its entries
 * (ENOTCONN when the connection ends).
 */
final class FuseUringQueue implements Runnable {
    private static final System.Logger LOG = System.getLogger(FuseUringQueue.class.getName());
    private static final long IN = FuseInHeader.SIZE;
    private static final long ENT = FuseUringReqHeader.OFFSET_RING_ENT_IN_OUT;

    private final int qid;
    private final int fd;
    private final int depth;
    private final long payloadSize;
    private final FuseDispatcher dispatcher;
    private final Runnable onExit;
    final Thread thread;
    /** Requests served through this queue; written by its thread only. */
    private volatile long served;

    FuseUringQueue(String name, int qid, int fd, int depth, long payloadSize, FuseDispatcher dispatcher, Runnable onExit) {
        this.qid = qid;
        this.fd = fd;
        this.depth = depth;
        this.payloadSize = payloadSize;
        this.dispatcher = dispatcher;
        this.onExit = onExit;
        this.thread = new Thread(this, name + "-uring-" + qid);
        this.thread.setDaemon(true);
    }

    @Override
    public void run() {
        MemorySegment[] payloads = new MemorySegment[depth];
        MemorySegment head = null;
        try (Arena arena = Arena.ofConfined()) {
            int pinned = Sched.pinCurrentThread(qid);
            if (pinned < 0) {
                LOG.log(System.Logger.Level.DEBUG, thread.getName() + ": cannot pin to CPU " + qid + ": "
                        + Errno.name(-pinned));
            }
            // payloads and the request head are mapped, not allocated: untouched pages cost no memory
            for (int i = 0; i < depth; i++) payloads[i] = anonymous(payloadSize);
            head = anonymous(IN + FuseH.FUSE_URING_OP_IN_OUT_SZ + payloadSize);
            MemorySegment[] headers = new MemorySegment[depth];
            MemorySegment iovs = arena.allocate(Iovec.LAYOUT, 2L * depth);
            for (int i = 0; i < depth; i++) {
                headers[i] = arena.allocate(FuseUringReqHeader.SIZE, 8);
                Iovec.set(iovs, 2 * i, headers[i].address(), headers[i].byteSize());
                Iovec.set(iovs, 2 * i + 1, payloads[i].address(), payloadSize);
            }
            UringReplyChannel channel = new UringReplyChannel();
            Exchange ex = dispatcher.newExchange(arena, channel);
            try (IoUring ring = IoUring.setup(Integer.highestOneBit(depth * 2 - 1) << 1, depth * 2)) {
                boolean[] registering = new boolean[depth];
                for (int i = 0; i < depth; i++) register(ring, iovs, i, registering);
                serve(ring, iovs, registering, headers, payloads, head, channel, ex);
            } finally {
                dispatcher.removeExchange(ex);
            }
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, thread.getName() + " failed; requests of CPU " + qid
                    + " wait for the connection to end", e);
        } finally {
            for (MemorySegment p : payloads) if (p != null) Mman.munmap(p);
            if (head != null) Mman.munmap(head);
            onExit.run();
        }
    }

    /** Hands entry {@code i}'s buffers to the kernel for this queue (FUSE_IO_URING_CMD_REGISTER). */
    private void register(IoUring ring, MemorySegment iovs, int i, boolean[] registering) {
        MemorySegment sqe = sqe(ring);
        IoUring.prepUringCmd(sqe, fd, FuseH.FUSE_IO_URING_CMD_REGISTER, iovs.address() + 2L * i * Iovec.SIZE, 2, i);
        sqe.set(JAVA_SHORT, IoUringSqe.OFFSET_CMD + FuseUringCmdReq.OFFSET_QID, (short) qid);
        registering[i] = true;
    }

    /** A free SQE; at most {@code depth} commands are ever pending, so submitting what is queued frees one. */
    private static MemorySegment sqe(IoUring ring) {
        MemorySegment sqe = ring.nextSqe();
        while (sqe == null) {
            int r = ring.submitAndWait(0);
            if (r < 0 && r != -Errno.EINTR) throw new IllegalStateException("io_uring_enter failed with " + Errno.name(-r));
            sqe = ring.nextSqe();
        }
        return sqe;
    }

    private void serve(IoUring ring, MemorySegment iovs, boolean[] registering, MemorySegment[] headers,
                       MemorySegment[] payloads, MemorySegment head, UringReplyChannel channel, Exchange ex) {
        int live = depth;
        while (live > 0) {
            int r = ring.submitAndWait(1);
            if (r == -Errno.EINTR) continue;
            if (r < 0) throw new IllegalStateException("io_uring_enter failed with " + Errno.name(-r));
            int n = ring.ready();
            for (int k = 0; k < n; k++) {
                long entry = ring.cqeUserData(k);
                int res = ring.cqeRes(k);
                if (entry < 0 || entry >= depth) {
                    throw new IllegalStateException("completion for unknown ring entry " + entry);
                }
                int e = (int) entry;
                if (res < 0) {
                    if (res == -Errno.ENOTCONN || res == -Errno.ECANCELED || res == -Errno.ECONNABORTED) {
                        live--; // the connection ended and the kernel gave the entry back
                    } else if (registering[e]) {
                        live--;
                        LOG.log(System.Logger.Level.WARNING, thread.getName() + ": registering ring entry " + e
                                + " failed with " + Errno.name(-res) + "; " + live + " entries left");
                    } else {
                        // a refused commit leaves the entry with the kernel's user space list: register it anew
                        LOG.log(System.Logger.Level.WARNING, thread.getName() + ": committing ring entry " + e
                                + " failed with " + Errno.name(-res) + "; registering it again");
                        register(ring, iovs, e, registering);
                    }
                    continue;
                }
                registering[e] = false;
                served = served + 1;
                long commitId = serveEntry(headers[e], payloads[e], head, channel, ex);
                MemorySegment sqe = sqe(ring);
                IoUring.prepUringCmd(sqe, fd, FuseH.FUSE_IO_URING_CMD_COMMIT_AND_FETCH, 0, 0, e);
                sqe.set(JAVA_LONG, IoUringSqe.OFFSET_CMD + FuseUringCmdReq.OFFSET_COMMIT_ID, commitId);
                sqe.set(JAVA_SHORT, IoUringSqe.OFFSET_CMD + FuseUringCmdReq.OFFSET_QID, (short) qid);
            }
            ring.advance(n);
        }
    }

    /**
     * Rebuilds the request as /dev/fuse would deliver it (in-header, opcode struct, rest) in {@code head}, serves
     * it, and returns the id to commit with. A WRITE's data stays in the payload buffer.
     */
    private long serveEntry(MemorySegment header, MemorySegment payload, MemorySegment head,
                            UringReplyChannel channel, Exchange ex) {
        long commitId = header.get(JAVA_LONG, ENT + FuseUringEntInOut.OFFSET_COMMIT_ID);
        long payloadSz = Integer.toUnsignedLong(header.get(JAVA_INT, ENT + FuseUringEntInOut.OFFSET_PAYLOAD_SZ));
        long len = Integer.toUnsignedLong(header.get(JAVA_INT, FuseUringReqHeader.OFFSET_IN_OUT + FuseInHeader.OFFSET_LEN));
        int opcode = header.get(JAVA_INT, FuseUringReqHeader.OFFSET_IN_OUT + FuseInHeader.OFFSET_OPCODE);
        long opSize = len - IN - payloadSz;
        channel.begin(header, payload);
        if (payloadSz > payload.byteSize() || opSize < 0 || opSize > FuseH.FUSE_URING_OP_IN_OUT_SZ) {
            LOG.log(System.Logger.Level.WARNING, thread.getName() + ": request " + commitId + " (opcode " + opcode
                    + ") of " + len + " bytes does not fit its ring entry (payload " + payloadSz + "); answering EIO");
        } else {
            MemorySegment.copy(header, FuseUringReqHeader.OFFSET_IN_OUT, head, 0, IN);
            MemorySegment.copy(header, FuseUringReqHeader.OFFSET_OP_IN, head, IN, opSize);
            if (opcode == FuseH.FUSE_WRITE && payloadSz > 0) {
                ex.writeSource().clear();
                ex.writeSource().add(payload, 0, payloadSz);
                dispatcher.handle(ex, head, IN + opSize, payloadSz);
            } else {
                MemorySegment.copy(payload, 0, head, IN + opSize, payloadSz);
                dispatcher.handle(ex, head, IN + opSize + payloadSz, 0);
            }
        }
        if (!channel.replied()) {
            // every request needs a commit, or its entry never comes back: answer what was not answered with EIO
            header.set(JAVA_INT, FuseUringReqHeader.OFFSET_IN_OUT + FuseOutHeader.OFFSET_LEN, (int) FuseOutHeader.SIZE);
            header.set(JAVA_INT, FuseUringReqHeader.OFFSET_IN_OUT + FuseOutHeader.OFFSET_ERROR, -Errno.EIO);
            header.set(JAVA_LONG, FuseUringReqHeader.OFFSET_IN_OUT + FuseOutHeader.OFFSET_UNIQUE, commitId);
            header.set(JAVA_INT, ENT + FuseUringEntInOut.OFFSET_PAYLOAD_SZ, 0);
        }
        return commitId;
    }

    long served() {
        return served;
    }

    private static MemorySegment anonymous(long bytes) {
        long rounded = (bytes + 4095) & ~4095L;
        return Mman.mmap(rounded, MmanH.PROT_READ | MmanH.PROT_WRITE, MmanH.MAP_PRIVATE | MmanH.MAP_ANONYMOUS, -1, 0);
    }
}
