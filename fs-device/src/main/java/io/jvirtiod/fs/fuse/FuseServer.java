package io.jvirtiod.fs.fuse;

import com.sun.security.auth.module.UnixSystem;
import io.jvirtiod.binding.fuse.FuseH;
import io.jvirtiod.binding.sys.Errno;
import io.jvirtiod.binding.sys.ErrnoException;
import io.jvirtiod.binding.sys.FileIo;
import io.jvirtiod.binding.sys.Mount;
import io.jvirtiod.binding.sys.MountH;
import io.jvirtiod.binding.sys.Sched;
import io.jvirtiod.fs.FileSystem;
import io.jvirtiod.fs.Notifier;
import io.jvirtiod.fs.protocol.Exchange;
import io.jvirtiod.fs.protocol.FuseDispatcher;
import io.jvirtiod.fs.protocol.FuseOptions;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A {@link FileSystem} mounted on the host through /dev/fuse: mount(2) with a session fd, then N workers,
 * each with its own cloned fd and preallocated request buffer, read requests with read(2), hand them to the
 * {@link FuseDispatcher} and reply with writev(2). After answering, one worker at a time polls (reads a
 * non-blocking clone) for the caller's next request, for a window {@link AdaptivePoll} adapts.
 *
 * <p>With {@link FuseMountOptions#ioUring()} the kernel, once INIT is answered, hands requests to one
 * {@link FuseUringQueue} per CPU instead; the workers then only read FORGETs and INTERRUPTs.
 *
 * <p>Stopping unmounts; a mount still in use is detached (MNT_DETACH) so it disappears from the namespace at
 * once while processes that still hold files in it keep being served, as a lazy unmount does with libfuse.
 * Workers end when the kernel ends the connection (read returns ENODEV), and the file system is destroyed
 * after the last one.
 */
public final class FuseServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FuseServer.class.getName());

    private final Path mountpoint;
    private final FuseDispatcher dispatcher;
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    /** Which worker polls after answering, and for how long (off with io_uring: the workers see few requests). */
    private final AdaptivePoll poll;
    private final int sessionFd;
    private final DevFuseNotifier notifier;
    private final DevFuseBackingFiles backing;
    /** True until the io_uring queues were started (or found unavailable) after INIT. */
    private volatile boolean uringPending;
    private final List<FuseUringQueue> queues = new CopyOnWriteArrayList<>();
    private volatile boolean unmounted;
    private boolean closedSession;
    /** Workers that have not finished; guarded by this. Not thread liveness: two ending together each see the other alive. */
    private int running;

    private FuseServer(Path mountpoint, FileSystem fs, FuseMountOptions options, int sessionFd) {
        this.mountpoint = mountpoint;
        this.sessionFd = sessionFd;
        this.notifier = new DevFuseNotifier(sessionFd);
        this.backing = new DevFuseBackingFiles(sessionFd);
        this.dispatcher = new FuseDispatcher(fs, options.protocol(), backing, notifier);
        this.uringPending = options.ioUring();
        // polling helps only while the caller runs on another CPU; with one CPU the poller would hold up the caller
        this.poll = new AdaptivePoll(options.ioUring() || Runtime.getRuntime().availableProcessors() < 2 ? 0
                : options.pollMaxNs());
    }

    /**
     * Mounts {@code fs} on {@code mountpoint} (an existing directory) and starts serving it.
     *
     * @throws ErrnoException if /dev/fuse cannot be opened or mount(2) fails (e.g. EPERM without CAP_SYS_ADMIN)
     */
    public static FuseServer mount(FileSystem fs, Path mountpoint, FuseMountOptions options) {
        Path mnt = mountpoint.toAbsolutePath().normalize();
        return serve(fs, mnt, options, mountSession(mnt, options));
    }

    /**
     * Opens /dev/fuse and mounts it on {@code mountpoint}; returns the session fd, for {@link #serve} here or in a
     * process this one becomes (the namespace sandbox mounts before it leaves the host's mount namespace).
     */
    public static int mountSession(Path mountpoint, FuseMountOptions options) {
        Path mnt = mountpoint.toAbsolutePath().normalize();
        if (!Files.isDirectory(mnt)) throw new IllegalArgumentException("mount point " + mnt + " is not a directory");
        int fd = DevFuse.open();
        try {
            UnixSystem me = new UnixSystem();
            Mount.mount(options.fsName(), mnt.toString(), "fuse." + options.subtype(), options.mountFlags(),
                    options.mountData(fd, me.getUid(), me.getGid()));
        } catch (RuntimeException e) {
            FileIo.closeRaw(fd);
            throw e;
        }
        return fd;
    }

    /**
     * Serves {@code fs} over {@code fd}, a session already mounted on {@code mnt} by {@link #mountSession}; closes
     * it (and unmounts) if the workers cannot be started.
     */
    public static FuseServer serve(FileSystem fs, Path mnt, FuseMountOptions options, int fd) {
        FuseServer server = new FuseServer(mnt, fs, options, fd);
        try {
            for (int i = 0; i < options.workers(); i++) {
                int wfd = i == 0 ? fd : DevFuse.cloneOf(fd);
                int pfd = -1;
                try {
                    if (server.poll.enabled()) pfd = DevFuse.cloneOf(fd, true);
                } catch (RuntimeException e) {
                    if (wfd != fd) FileIo.closeRaw(wfd);
                    throw e;
                }
                server.workers.add(server.new Worker(i, wfd, pfd, options.protocol().requestBufferSize(),
                        options.protocol().maxRanges()));
            }
        } catch (RuntimeException e) {
            // no worker runs yet: undo by hand (unmount, then close every fd opened so far)
            Mount.umount2Raw(mnt.toString(), MountH.MNT_DETACH | MountH.UMOUNT_NOFOLLOW);
            for (Worker w : server.workers) {
                if (w.fd != fd) FileIo.closeRaw(w.fd);
                if (w.pollFd >= 0) FileIo.closeRaw(w.pollFd);
            }
            FileIo.closeRaw(fd);
            throw e;
        }
        server.running = server.workers.size();
        for (Worker w : server.workers) w.thread.start();
        return server;
    }

    public Path mountpoint() {
        return mountpoint;
    }

    /** Notifications to the kernel for this mount (cache invalidation, resend). */
    public Notifier notifier() {
        return notifier;
    }

    public FuseDispatcher dispatcher() {
        return dispatcher;
    }

    /** True while any worker still serves the connection. */
    public boolean serving() {
        for (Worker w : workers) if (w.thread.isAlive()) return true;
        for (FuseUringQueue q : queues) if (q.thread.isAlive()) return true;
        return false;
    }

    /** How many FUSE-over-io_uring queues serve requests (0 over plain /dev/fuse). */
    public int uringQueues() {
        return queues.size();
    }

    /** Requests served through the io_uring queues so far. */
    public long uringRequests() {
        long n = 0;
        for (FuseUringQueue q : queues) n += q.served();
        return n;
    }

    /**
     * The longest a worker polls after answering, in ns: the option's, or 0 if polling is off (asked for, or with
     * io_uring, or with a single CPU).
     */
    public long pollMaxNs() {
        return poll.maxNs();
    }

    /** Requests a polling worker read without sleeping, so far. */
    public long polledRequests() {
        long n = 0;
        for (Worker w : workers) n += w.polled;
        return n;
    }

    /** Waits up to {@code timeout} for every worker to end (after the kernel ended the connection). */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (Worker w : workers) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return !serving();
            TimeUnit.NANOSECONDS.timedJoin(w.thread, left);
        }
        for (FuseUringQueue q : queues) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return !serving();
            TimeUnit.NANOSECONDS.timedJoin(q.thread, left);
        }
        return !serving();
    }

    /**
     * Unmounts: a plain umount2 if nothing uses the mount (the kernel then ends the connection and the workers
     * stop), else a lazy MNT_DETACH (workers serve the remaining users until the last one lets go).
     * Returns true if the workers stopped within a few seconds.
     */
    public boolean unmount() {
        long waitMillis = 5000;
        if (!unmounted) {
            unmounted = true;
            int r = Mount.umount2Raw(mountpoint.toString(), MountH.UMOUNT_NOFOLLOW);
            if (r == -Errno.EBUSY) {
                LOG.log(System.Logger.Level.INFO, mountpoint + " is busy: detaching it");
                r = Mount.umount2Raw(mountpoint.toString(), MountH.MNT_DETACH | MountH.UMOUNT_NOFOLLOW);
                waitMillis = 100; // the remaining users keep the connection: no point waiting for them here
            }
            if (r < 0 && r != -Errno.EINVAL && r != -Errno.ENOENT) {
                throw new ErrnoException("umount2(\"" + mountpoint + "\")", -r);
            }
        }
        try {
            return awaitTermination(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        unmount();
    }

    /**
     * One reader of one /dev/fuse fd, and while it polls of a second, non-blocking one (a clone of the same
     * session: the kernel hands a pending request to whichever fd reads first).
     */
    private final class Worker implements Runnable {
        final Thread thread;
        final int fd;
        /** A non-blocking clone read while polling; -1 when polling is off. */
        final int pollFd;
        final int bufferSize;
        final int maxRanges;
        /** Requests read during a poll window; written by this worker only. */
        private volatile long polled;

        Worker(int index, int fd, int pollFd, int bufferSize, int maxRanges) {
            this.fd = fd;
            this.pollFd = pollFd;
            this.bufferSize = bufferSize;
            this.maxRanges = maxRanges;
            this.thread = new Thread(this, "fuse-" + mountpoint.getFileName() + "-" + index);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buf = arena.allocate(bufferSize, 4096);
                DevFuseChannel channel = new DevFuseChannel(fd, arena, maxRanges);
                Exchange ex = dispatcher.newExchange(arena, channel);
                try {
                    serve(buf, ex, channel);
                } finally {
                    dispatcher.removeExchange(ex);
                }
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.ERROR, thread.getName() + " failed", e);
            } finally {
                if (fd != sessionFd) FileIo.closeRaw(fd);
                if (pollFd >= 0) FileIo.closeRaw(pollFd);
                finished();
            }
        }

        private void serve(MemorySegment buf, Exchange ex, DevFuseChannel channel) {
            boolean polling = false;
            long pollStart = 0;
            while (true) {
                int from = polling ? pollFd : fd;
                long n = FileIo.readRaw(from, buf);
                if (n >= 0) {
                    if (polling) {
                        polled = polled + 1;
                    } else if (pollFd >= 0) {
                        poll.woke(System.nanoTime());
                    }
                    channel.replyTo(from);
                    dispatcher.handle(ex, buf, n);
                    if (uringPending && dispatcher.session() != null) startUring();
                    if (pollFd >= 0) {
                        pollStart = System.nanoTime();
                        polling = poll.answered(pollStart, polling);
                    }
                    continue;
                }
                int errno = (int) -n;
                if (errno == Errno.EAGAIN && polling) {
                    if (System.nanoTime() - pollStart < poll.windowNs()) {
                        Thread.onSpinWait();
                    } else {
                        polling = false;
                        poll.expired();
                    }
                    continue;
                }
                if (errno == Errno.EINTR || errno == Errno.EAGAIN || errno == Errno.ENOENT) continue;
                if (errno != Errno.ENODEV && errno != Errno.ECONNABORTED) {
                    LOG.log(System.Logger.Level.ERROR, thread.getName() + ": read(/dev/fuse) failed with "
                            + Errno.name(errno) + "; this worker stops");
                }
                if (polling) poll.expired();
                return;
            }
        }
    }

    /**
     * Once INIT is answered (the kernel takes ring registrations only then): one queue per possible CPU if the
     * kernel agreed to FUSE_OVER_IO_URING, else a note that requests keep coming over /dev/fuse.
     */
    private synchronized void startUring() {
        if (!uringPending) return;
        uringPending = false;
        var session = dispatcher.session();
        if (!session.enabled(FuseH.FUSE_OVER_IO_URING)) {
            LOG.log(System.Logger.Level.WARNING, "the kernel did not offer FUSE over io_uring (is "
                    + URING_SWITCH + " N?); serving " + mountpoint + " over /dev/fuse reads");
            return;
        }
        if (closedSession) return;
        long payload = Math.max(8192, Math.max(session.maxWrite(), (long) session.maxPages() * FuseOptions.PAGE_SIZE));
        payload = (payload + FuseOptions.PAGE_SIZE - 1) & -FuseOptions.PAGE_SIZE;
        // the kernel uses the rings only once every CPU's queue has an entry: all queues or none
        int[] fds = new int[Sched.possibleCpus()];
        for (int q = 0; q < fds.length; q++) {
            try {
                fds[q] = DevFuse.cloneOf(sessionFd);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "cannot open a /dev/fuse fd for io_uring queue " + q
                        + "; requests stay on /dev/fuse reads", e);
                for (int i = 0; i < q; i++) FileIo.closeRaw(fds[i]);
                return;
            }
        }
        for (int q = 0; q < fds.length; q++) {
            int fd = fds[q];
            queues.add(new FuseUringQueue("fuse-" + mountpoint.getFileName(), q, fd, URING_DEPTH, payload, dispatcher,
                    () -> {
                        FileIo.closeRaw(fd);
                        finished();
                    }));
        }
        running += queues.size();
        for (FuseUringQueue q : queues) q.thread.start();
    }

    /** The fuse module's switch for FUSE over io_uring (root may turn it on: echo Y > ...). */
    public static final String URING_SWITCH = "/sys/module/fuse/parameters/enable_uring";

    /** Ring entries per CPU queue: requests one CPU can have in flight before the next waits in the kernel. */
    static final int URING_DEPTH = 8;

    /** After the last worker: close the session fd and destroy the file system once. */
    private synchronized void finished() {
        if (--running > 0 || closedSession) return;
        closedSession = true;
        notifier.close();
        backing.close();
        FileIo.closeRaw(sessionFd);
        dispatcher.shutdown();
    }

    /** True if {@code mountpoint} is a mount point listed in /proc/self/mounts (for checks and tests). */
    public static boolean isMounted(Path mountpoint) throws IOException {
        String target = mountpoint.toAbsolutePath().normalize().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            String[] f = line.split(" ");
            if (f.length > 1 && f[1].equals(target)) return true;
        }
        return false;
    }
}
