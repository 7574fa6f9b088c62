package io.jvirtiod.vduse;

import io.jvirtiod.binding.sys.EventFd;
import io.jvirtiod.virtqueue.DescriptorChain;
import io.jvirtiod.virtqueue.GuestMemory;
import io.jvirtiod.virtqueue.InflightTracker;
import io.jvirtiod.virtqueue.QueueConfig;
import io.jvirtiod.virtqueue.QueueError;
import io.jvirtiod.virtqueue.QueueState;
import io.jvirtiod.virtqueue.Virtqueue;
import io.jvirtiod.virtqueue.VirtqueueException;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.function.Consumer;

/**
 * One virtqueue's thread, run to completion: pop a chain, serve it, complete it, and signal the guest when it
 * asks. When the ring is empty it polls a little (Agrona back-off idle strategy: spin, yield, park), then
 * re-enables notifications and sleeps on the queue's kick eventfd. Why a thread per queue: no locks on the
 * request path, and a multi-queue guest gets one core's worth of service per queue.
 *
 * <p>A ring address outside the mapped IOVAs may be a range the kernel added since (VDUSE maps its bounce buffer
 * lazily): the worker maps the IOTLB again and reopens the queue where it stood; only if nothing new appeared is
 * the driver at fault, and the queue stops (the rest of the device and the daemon keep running). A request whose
 * server throws, even an {@code Error} (an InternalError from memory that faults), is logged and completed with
 * nothing written, and the worker serves the next one.
 */
final class QueueWorker implements Runnable {
    private static final int BATCH = 16;          // completions published at once under load
    private static final int POLLS_BEFORE_SLEEP = 64;

    private final int index;
    private final VduseDevice device;
    private final IotlbMap iotlb;
    private final QueueConfig config;
    private final InflightTracker tracker;
    private final ChainServer server;
    private final int kickFd;
    private final Consumer<String> log;
    private final Runnable onFirstCompletion;
    private final IdleStrategy idle = new BackoffIdleStrategy(20, 10, 1_000, 200_000);

    private Virtqueue queue;
    private long memoryGeneration; // the IOTLB generation the queue's memory comes from
    private volatile boolean running = true;
    private volatile int availIndex;   // for GET_VQ_STATE, published after each pop batch
    private volatile QueueState finalState;
    private Thread thread;
    private boolean completedOne;

    QueueWorker(int index, VduseDevice device, IotlbMap iotlb, QueueConfig config, QueueState state,
                InflightTracker tracker, ChainServer server, int kickFd, Consumer<String> log, Runnable onFirstCompletion)
            throws VirtqueueException {
        this.index = index;
        this.device = device;
        this.iotlb = iotlb;
        this.config = config;
        this.tracker = tracker;
        this.server = server;
        this.kickFd = kickFd;
        this.log = log;
        this.onFirstCompletion = onFirstCompletion;
        this.memoryGeneration = iotlb.generation(); // read before the memory: at worst one needless reopen
        this.queue = Virtqueue.open(iotlb.memory(), config, state, tracker);
        this.availIndex = state.nextAvail();
    }

    void start() {
        thread = Thread.ofPlatform().name("vq-" + index).daemon(true).start(this);
    }

    int availIndex() {
        return availIndex;
    }

    /** Stops the thread and returns where the queue stands (everything completed is published). */
    QueueState stop() throws InterruptedException {
        running = false;
        EventFd.signalRaw(kickFd); // wake it if it sleeps on the kick eventfd
        thread.interrupt(); // and end a wait inside the server (a lock wait: Context.interrupted)
        thread.join();
        return finalState;
    }

    @Override
    public void run() {
        int empty = 0;
        try {
            queue.disableNotification();
            while (running) {
                int done = drain();
                if (done < 0) break; // the queue is broken
                if (done > 0) {
                    empty = 0;
                    idle.reset();
                    continue;
                }
                if (++empty < POLLS_BEFORE_SLEEP) {
                    idle.idle();
                    continue;
                }
                if (queue.enableNotification()) { // buffers arrived meanwhile: a kick may never come
                    queue.disableNotification();
                    continue;
                }
                EventFd.drainRaw(kickFd); // blocks until the driver kicks (or stop() wakes us)
                queue.disableNotification();
                empty = 0;
                idle.reset();
            }
        } catch (VirtqueueException e) {
            log.accept("queue " + index + " stopped: " + e.getMessage());
        } catch (RuntimeException | Error e) {
            log.accept("queue " + index + " stopped by a bug or by memory that faults: " + e);
        } finally {
            try {
                queue.flushUsed();
            } catch (RuntimeException | Error e) {
                log.accept("queue " + index + ": completions could not be published: " + e);
            }
            finalState = queue.state();
        }
    }

    /** Serves what is available; returns how many chains, or -1 when the driver broke the ring. */
    private int drain() throws VirtqueueException {
        if (iotlb.generation() != memoryGeneration) reopen(); // another queue mapped anew, maybe replacing a range
        int n = 0;
        int staged = 0;
        while (running) { // a driver that keeps the ring full does not hold up stop()
            DescriptorChain c;
            try {
                c = queue.pop();
            } catch (VirtqueueException e) {
                publish(staged);
                staged = 0;
                if (!remapAndReopen(e)) {
                    log.accept("queue " + index + ": the driver broke the ring, queue stopped: " + e.getMessage());
                    return -1;
                }
                continue;
            }
            if (c == null) break;
            int len = serve(c);
            queue.addUsed(c.head(), len);
            n++;
            if (++staged == BATCH) {
                publish(staged);
                staged = 0;
            }
        }
        publish(staged);
        return n;
    }

    /** One chain through the server; one that throws, even an Error, is completed with nothing written. */
    private int serve(DescriptorChain c) {
        try {
            return server.serve(c);
        } catch (RuntimeException | Error e) {
            log.accept("queue " + index + ": the request in chain " + c.head() + " failed (" + e
                    + "); it is completed empty and the queue goes on");
            return 0;
        }
    }

    private void publish(int staged) {
        if (staged == 0) return;
        queue.flushUsed();
        availIndex = queue.state().nextAvail();
        if (!completedOne) {
            completedOne = true;
            onFirstCompletion.run();
        }
        if (queue.needsInterrupt()) {
            int r = device.injectIrqRaw(index);
            if (r < 0) log.accept("queue " + index + ": VDUSE_VQ_INJECT_IRQ failed: " + -r);
        }
    }

    private boolean remapAndReopen(VirtqueueException e) throws VirtqueueException {
        if (e.kind() != QueueError.ADDRESS_OUT_OF_RANGE && e.kind() != QueueError.RING_ADDRESS_INVALID) return false;
        iotlb.refresh(); // another queue may have mapped the new range already: compare with our own memory
        if (iotlb.generation() == memoryGeneration) return false;
        reopen();
        return true;
    }

    /** Reopens the queue where it stands over the IOTLB's current memory. */
    private void reopen() throws VirtqueueException {
        GuestMemory memory;
        synchronized (iotlb) { // the generation that goes with this memory
            memoryGeneration = iotlb.generation();
            memory = iotlb.memory();
        }
        queue = Virtqueue.open(memory, config, queue.state(), tracker);
        queue.disableNotification();
    }
}
