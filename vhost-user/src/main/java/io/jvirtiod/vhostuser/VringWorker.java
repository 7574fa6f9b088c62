package io.jvirtiod.vhostuser;

import io.jvirtiod.binding.sys.Epoll;
import io.jvirtiod.binding.sys.EpollH;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.EventFd;
import io.jvirtiod.binding.sys.EventFdH;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.virtqueue.DescriptorChain;
import io.jvirtiod.virtqueue.QueueState;
import io.jvirtiod.virtqueue.Virtqueue;
import io.jvirtiod.virtqueue.VirtqueueException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The thread that serves one started vring: sleeps in epoll on the kick eventfd, drains the ring with
 * notifications off, completes each chain as soon as it is served and signals the call eventfd only when the
 * driver asked for it (VRING_AVAIL_F_NO_INTERRUPT or used_event, virtio 1.2 §2.7.7/§2.7.10). Completing chain by
 * chain matters: a FUSE request's reply must not wait for the next one.
 *
 * <p>A driver error (a broken ring, or ring memory that faults) stops serving the queue and signals the err
 * eventfd if the front-end gave one (vhost-user.rst SET_VRING_ERR); the daemon and the other queues go on. A
 * request whose handler throws, even an {@code Error} (an InternalError from guest memory that faults), is logged
 * and completed with nothing written, and the worker serves the next one. {@link #stop} (GET_VRING_BASE, reset,
 * disconnect) wakes the thread through its own eventfd, interrupts it so a request waiting in the handler (a lock
 * wait) gives up, and returns where the ring stands.
 *
 * <p>With a {@link RequestPool} (virtiofsd's {@code --thread-pool-size}), this thread only pops: each chain is
 * copied into a task for the pool, and completions are published in pop order as the pool finishes them (one
 * flush and at most one interrupt for every run of consecutive finished chains). In order, because the
 * in-flight log's recovery takes what was in flight to be avail[used idx ..]. The ring itself is touched under
 * this worker's monitor only, as the queue is not thread-safe.
 */
final class VringWorker implements Runnable {
    private static final System.Logger LOG = System.getLogger(VringWorker.class.getName());
    private static final long KICK = 1;
    private static final long STOP = 2;
    /** Without a kick fd (VHOST_USER_VRING_NOFD_MASK) the ring is polled at this period. */
    private static final int POLL_MILLIS = 1;

    private final String name;
    private final Virtqueue queue;
    private final QueueHandler handler;
    private final int kickFd;
    private final int callFd;
    private final int errFd;
    private final int stopFd;
    private final Thread thread;
    /** Set by {@link #stop}: drain no further chains, so a driver that keeps the ring full cannot hold it up. */
    private volatile boolean stopping;
    private volatile VirtqueueException error;
    private volatile long served;
    /** With a pool: tasks in pop order (a ring of the queue's size), and the next to fill and to publish. */
    private final RequestPool pool;
    private final RequestPool.Task[] tasks;
    private long submitted;
    private long published;

    /** A worker that serves its ring's chains itself through {@code handler}. */
    VringWorker(String name, Virtqueue queue, QueueHandler handler, int kickFd, int callFd, int errFd) {
        this(name, queue, handler, null, kickFd, callFd, errFd);
    }

    /** A worker that hands its ring's chains to {@code pool} (then {@code handler} is null). */
    VringWorker(String name, Virtqueue queue, QueueHandler handler, RequestPool pool, int kickFd, int callFd,
                int errFd) {
        this.pool = pool;
        this.tasks = pool == null ? null : new RequestPool.Task[queue.size()];
        this.name = name;
        this.queue = queue;
        this.handler = handler;
        this.kickFd = kickFd;
        this.callFd = callFd;
        this.errFd = errFd;
        this.stopFd = EventFd.create(0, EventFdH.EFD_CLOEXEC | EventFdH.EFD_NONBLOCK);
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this);
    }

    void start() {
        thread.start();
    }

    /** Stops the thread and returns the queue's state (every chain it took is completed by then). */
    QueueState stop() {
        stopping = true;
        EventFd.signal(stopFd);
        thread.interrupt(); // ends a wait inside the handler (Context.interrupted), so the join below returns
        boolean interrupted = joinUninterruptibly(thread);
        if (pool != null) interrupted |= awaitPool();
        if (interrupted) Thread.currentThread().interrupt();
        FileIo.closeRaw(stopFd);
        return queue.state();
    }

    /** Joins {@code t} whatever interrupts this thread gets; returns true if it got one (to restore it). */
    static boolean joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }

    /**
     * Waits until the pool has finished and published every chain this ring handed it, interrupting the threads
     * serving them so a lock wait gives up. Returns true if this thread was interrupted meanwhile.
     */
    private boolean awaitPool() {
        boolean interrupted = false;
        synchronized (this) {
            while (published < submitted) {
                for (RequestPool.Task t : tasks) {
                    Thread by = t == null ? null : t.servedBy;
                    if (by != null) by.interrupt();
                }
                try {
                    wait(10);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        return interrupted;
    }

    VirtqueueException error() {
        return error;
    }

    long served() {
        return served;
    }

    @Override
    public void run() {
        int epfd = Epoll.create1(EpollH.EPOLL_CLOEXEC);
        try (Arena arena = Arena.ofConfined(); QueueHandler _ = handler) {
            MemorySegment events = Epoll.allocateEvents(arena, 2);
            Epoll.ctl(epfd, EpollH.EPOLL_CTL_ADD, stopFd, EpollH.EPOLLIN, STOP);
            if (kickFd >= 0) Epoll.ctl(epfd, EpollH.EPOLL_CTL_ADD, kickFd, EpollH.EPOLLIN, KICK);
            boolean broken = !drain(); // buffers may have been made available before the kick fd was set
            while (true) {
                int n = Epoll.waitEventsRaw(epfd, events, 2, kickFd >= 0 || broken ? -1 : POLL_MILLIS);
                if (n == -Errno.EINTR) continue;
                if (n < 0) {
                    LOG.log(System.Logger.Level.ERROR, name + ": epoll_wait failed: " + Errno.name(-n));
                    return;
                }
                if (EventFd.drainRaw(stopFd) > 0) return;
                if (kickFd >= 0) EventFd.drainRaw(kickFd);
                if (!broken) broken = !drain();
            }
        } catch (RuntimeException | Error e) {
            // A bug of ours in a device; the guest's requests on this queue stop, the daemon does not.
            LOG.log(System.Logger.Level.ERROR, name + ": stopped by an internal error", e);
        } finally {
            FileIo.closeRaw(epfd);
        }
    }

    /** Serves everything available; false if the driver broke the ring or its memory faults. */
    private boolean drain() {
        try {
            if (pool != null) return drainToPool();
            do {
                queue.disableNotification();
                for (DescriptorChain c; !stopping && (c = queue.pop()) != null; ) {
                    int head = c.head();
                    int written = serve(c);
                    queue.pushUsed(head, written);
                    served++;
                    if (queue.needsInterrupt() && callFd >= 0) EventFd.signalRaw(callFd);
                }
            } while (!stopping && queue.enableNotification());
            return true;
        } catch (VirtqueueException e) {
            error = e;
            LOG.log(System.Logger.Level.WARNING, name + ": the driver broke the ring, queue stopped: " + e.getMessage());
            if (errFd >= 0) EventFd.signalRaw(errFd);
            return false;
        } catch (RuntimeException | Error e) {
            // The ring's own memory faulted (the front-end shrank the file under it: SIGBUS, an InternalError).
            LOG.log(System.Logger.Level.ERROR, name + ": the ring's memory cannot be accessed, queue stopped", e);
            if (errFd >= 0) EventFd.signalRaw(errFd);
            return false;
        }
    }

    /** {@link #drain} with a pool: pops under this monitor, copies each chain into its task, submits it. */
    private boolean drainToPool() throws VirtqueueException {
        do {
            synchronized (this) {
                queue.disableNotification();
            }
            while (!stopping) {
                RequestPool.Task t;
                synchronized (this) {
                    t = tasks[(int) (submitted % tasks.length)];
                    if (t == null) t = tasks[(int) (submitted % tasks.length)] = new RequestPool.Task(this);
                    if (t.busy) {
                        // more chains out than ring entries: the driver made heads available it has not got back
                        LOG.log(System.Logger.Level.WARNING, name + ": the driver made more than " + tasks.length
                                + " chains available at once, queue stopped");
                        if (errFd >= 0) EventFd.signalRaw(errFd);
                        return false;
                    }
                    DescriptorChain c = queue.pop();
                    if (c == null) break;
                    if (t.chain == null) t.chain = c.spare();
                    t.chain.copyFrom(c);
                    t.busy = true;
                    submitted++;
                }
                pool.submit(t);
            }
            synchronized (this) {
                if (stopping || !queue.enableNotification()) return true;
            }
        } while (true);
    }

    /**
     * Called by a pool thread when it has served {@code t}: publishes every finished chain from the oldest one
     * unpublished on, in pop order, with one used-index store, and signals the guest if it asked.
     */
    void completed(RequestPool.Task t, int written) {
        synchronized (this) {
            t.written = written;
            t.done = true;
            int n = 0;
            RequestPool.Task next;
            while (published < submitted && (next = tasks[(int) (published % tasks.length)]).done) {
                queue.addUsed(next.chain.head(), next.written);
                next.done = false;
                next.busy = false;
                published++;
                n++;
            }
            if (n == 0) return;
            try {
                queue.flushUsed();
                served += n;
                if (queue.needsInterrupt() && callFd >= 0) EventFd.signalRaw(callFd);
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.ERROR, name + ": the ring's memory cannot be accessed", e);
            }
            notifyAll();
        }
    }

    /** One chain through the handler; one that throws, even an Error, is completed with nothing written. */
    private int serve(DescriptorChain c) {
        try {
            return handler.serve(c);
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, name + ": the request in chain " + c.head()
                    + " failed; it is completed empty and the queue goes on", e);
            return 0;
        }
    }
}
