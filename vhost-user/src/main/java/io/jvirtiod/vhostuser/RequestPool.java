package io.jvirtiod.vhostuser;

import io.jvirtiod.virtqueue.DescriptorChain;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Supplier;

/**
 * virtiofsd's {@code --thread-pool-size=N}: N threads that serve the chains every started ring's
 * {@link VringWorker} pops, so at most N requests of the device are served at once whichever queue carried them
 * (virtiofsd hands each popped chain to its pool the same way). Each thread has its own {@link QueueHandler}
 * (buffers, FUSE exchange). The ring workers keep the rings: they pop, and they publish completions in pop order
 * ({@link VringWorker#completed}), so the used ring and the in-flight log read as with one thread per ring.
 */
final class RequestPool implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RequestPool.class.getName());
    /** Tasks waiting for a thread before a submit waits for room. */
    private static final int PENDING = 256;

    /** One popped chain on its way through the pool; owned by its ring worker, reused once published. */
    static final class Task {
        final VringWorker owner;
        /** A copy of the popped chain (the ring's own chain is a flyweight, refilled by the next pop). */
        DescriptorChain chain;
        int written;
        /** Served, waiting for the completions before it to be published (guarded by the owner). */
        boolean done;
        /** True from submission until published (guarded by the owner). */
        boolean busy;
        /** The pool thread serving it, for {@link VringWorker#stop} to interrupt a lock wait. */
        volatile Thread servedBy;

        Task(VringWorker owner) {
            this.owner = owner;
        }
    }

    private final ArrayBlockingQueue<Task> pending;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    /** Starts {@code size} threads named {@code name-pool-i}. */
    RequestPool(String name, int size, Supplier<QueueHandler> handlers) {
        if (size < 1) throw new IllegalArgumentException("thread pool size " + size + " < 1");
        this.pending = new ArrayBlockingQueue<>(PENDING);
        for (int i = 0; i < size; i++) {
            QueueHandler handler = handlers.get();
            threads.add(Thread.ofPlatform().name(name + "-pool-" + i).daemon().start(() -> run(handler)));
        }
    }

    int size() {
        return threads.size();
    }

    /**
     * Hands a task to the next free thread, waiting for room if {@link #PENDING} are queued. The wait ignores
     * interrupts (a stop's): the task is counted as submitted, so it must reach a thread, and the threads drain
     * the queue whatever the rings do.
     */
    void submit(Task t) {
        boolean interrupted = false;
        while (true) {
            try {
                pending.put(t);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private void run(QueueHandler handler) {
        try (handler) {
            while (true) {
                Task t;
                try {
                    t = pending.take();
                } catch (InterruptedException e) {
                    if (closed) return;
                    continue; // a stop's interrupt that came after its task was done
                }
                t.servedBy = Thread.currentThread();
                int written = serve(handler, t);
                t.servedBy = null;
                Thread.interrupted(); // a stop's interrupt was for this task only
                t.owner.completed(t, written);
            }
        }
    }

    /** One chain through the handler; one that throws, even an Error, is completed with nothing written. */
    private static int serve(QueueHandler handler, Task t) {
        try {
            return handler.serve(t.chain);
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, Thread.currentThread().getName() + ": the request in chain "
                    + t.chain.head() + " failed; it is completed empty and the queue goes on", e);
            return 0;
        }
    }

    /** Stops the threads (call with every ring stopped: nothing is pending then) and closes their handlers. */
    @Override
    public void close() {
        closed = true;
        for (Thread t : threads) t.interrupt();
        boolean interrupted = false;
        for (Thread t : threads) interrupted |= VringWorker.joinUninterruptibly(t);
        if (interrupted) Thread.currentThread().interrupt();
    }
}
