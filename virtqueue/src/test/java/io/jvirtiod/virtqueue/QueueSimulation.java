package io.jvirtiod.virtqueue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One run of a driver model against the engine, with a device that pops, writes, completes out of order in
 * batches, and follows the notification protocol. Checks, as it goes: every chain the driver submitted reaches the
 * device intact and comes back once with the length written; kicks and interrupts happen exactly when the
 * suppression state requires (computed here from linear counters, independent of ring bytes); the in-flight hooks
 * see every fetch and batch in order; nothing is written outside guest memory.
 */
final class QueueSimulation {

    record Scenario(int size, boolean packed, boolean eventIdx, boolean indirect, int start, boolean startWrap,
                    int splitPercent, long seed, int steps) {
        @Override
        public String toString() {
            return (packed ? "packed" : "split") + " size " + size + (eventIdx ? " event_idx" : "")
                    + (indirect ? " indirect" : "") + " start " + start + (startWrap ? "/w1" : "/w0")
                    + " split " + splitPercent + "% seed " + seed + " steps " + steps;
        }
    }

    /** Totals of a run, for the suite's summary. */
    record Outcome(long chains, long kicks, long interrupts, long publishedBatches) {}

    static final int AREAS = 48;

    private final Scenario sc;
    private final Random rnd;
    private final GuestRam ram;
    private final DriverModel driver;
    private final Virtqueue q;
    private final RecordingTracker tracker = new RecordingTracker();
    private final Arena scratch = Arena.ofConfined();
    private final MemorySegment buf = scratch.allocate(DriverModel.MAX_DESCRIPTORS * DriverModel.MAX_BUFFER);
    private final List<Integer> held = new ArrayList<>();

    private boolean deviceEnabled;
    private long deviceEventLinear;   // consumed entries/slots when the device last wrote its event position
    private long consumedLinear;
    private long publishedToGuest;    // used entries/slots published
    private long checkedUpTo;         // publishedToGuest at the last needsInterrupt
    private boolean firstInterruptCheck = true;
    private boolean driverCallbacks;
    private long token;
    private long kicks;
    private long interrupts;
    private long batches;

    QueueSimulation(Scenario sc) throws VirtqueueException {
        this.sc = sc;
        this.rnd = new Random(sc.seed());
        int size = sc.size();
        long ring = sc.packed() ? PackedDriverModel.ringBytes(size) : SplitDriverModel.ringBytes(size);
        long total = ring + DriverModel.bytesFor(AREAS);
        long split = ring + (DriverModel.bytesFor(AREAS) * sc.splitPercent()) / 100;
        this.ram = new GuestRam(total, Math.max(ring, Math.min(split, total)));
        long features = (sc.eventIdx() ? 1L << QueueConfig.FEATURE_EVENT_IDX : 0)
                | (sc.indirect() ? 1L << QueueConfig.FEATURE_INDIRECT_DESC : 0)
                | (sc.packed() ? 1L << QueueConfig.FEATURE_RING_PACKED : 0) | 1L << QueueConfig.FEATURE_VERSION_1;
        QueueConfig cfg;
        QueueState state;
        if (sc.packed()) {
            int start = sc.start() % size;
            PackedDriverModel d = new PackedDriverModel(ram, size, sc.eventIdx(), AREAS, start, sc.startWrap());
            driver = d;
            cfg = new QueueConfig(size, d.ring().descAddress(), d.ring().driverAddress(), d.ring().deviceAddress(),
                    features);
            state = new QueueState(start, sc.startWrap(), start, sc.startWrap());
        } else {
            SplitDriverModel d = new SplitDriverModel(ram, size, sc.eventIdx(), AREAS, sc.start());
            driver = d;
            cfg = new QueueConfig(size, d.ring().descAddress(), d.ring().availAddress(), d.ring().usedAddress(),
                    features);
            state = new QueueState(sc.start(), true, sc.start(), true);
        }
        q = Virtqueue.open(ram.memory, cfg, state, tracker);
    }

    Outcome run() throws VirtqueueException {
        try {
            driverCallbacks = true;
            check(!driver.enableCallbacks(), "fresh ring has used buffers");
            check(!q.enableNotification(), "fresh ring has available buffers");
            deviceEnabled = true;
            deviceEventLinear = consumedLinear;
            for (int step = 0; step < sc.steps(); step++) {
                int r = rnd.nextInt(10);
                if (r < 4) driverAdds();
                else if (r < 6) deviceRuns(rnd.nextInt(q.size() + 1));
                else if (r < 8) driver.reap();
                else if (r == 8) toggleCallbacks();
                else deviceCompletes(rnd.nextInt(held.size() + 1));
            }
            // drain: the device serves everything, the driver reaps it
            for (int guard = 0; driver.outstanding > 0; guard++) {
                check(guard < 10_000, "queue does not drain");
                deviceRuns(q.size());
                deviceCompletes(held.size());
                driver.reap();
            }
            check(driver.submitted == driver.reaped, "submitted " + driver.submitted + " reaped " + driver.reaped);
            check(tracker.fetched == driver.submitted, "tracker saw " + tracker.fetched + " fetches");
            check(tracker.inFlight.isEmpty(), "tracker still has " + tracker.inFlight + " in flight");
            check(ram.guardsIntact(), "a guard zone outside guest memory was written");
            return new Outcome(driver.submitted, kicks, interrupts, batches);
        } finally {
            ram.close();
            scratch.close();
        }
    }

    private void check(boolean ok, String what) {
        if (!ok) throw new AssertionError(what + " in " + sc + " / " + driver);
    }

    private ChainShape shape() {
        int n = 1 + rnd.nextInt(rnd.nextInt(4) == 0 ? DriverModel.MAX_DESCRIPTORS : 3);
        int readable = rnd.nextInt(n + 1);
        int[] r = new int[readable];
        int[] w = new int[n - readable];
        for (int i = 0; i < r.length; i++) r[i] = 1 + rnd.nextInt(DriverModel.MAX_BUFFER);
        for (int i = 0; i < w.length; i++) w[i] = 1 + rnd.nextInt(DriverModel.MAX_BUFFER);
        boolean indirect = sc.indirect() && (n > sc.size() || rnd.nextBoolean());
        return new ChainShape(r, w, indirect);
    }

    private void driverAdds() throws VirtqueueException {
        int k = 1 + rnd.nextInt(rnd.nextBoolean() ? 2 : 8);
        long before = driver.publishedLinear();
        int added = 0;
        for (int i = 0; i < k; i++) {
            ChainShape s = shape();
            if (!sc.indirect() && s.descriptors() > sc.size()) continue; // Linux would not build it either
            if (driver.add(s, token++) < 0) break;
            added++;
        }
        if (added == 0) return;
        driver.publish();
        long after = driver.publishedLinear();
        boolean kick = driver.kickPrepare();
        boolean expected;
        if (deviceEnabled) {
            expected = !sc.eventIdx() || before <= deviceEventLinear && deviceEventLinear < after;
        } else {
            // polling device: NO_NOTIFY / DISABLE; a split ring's stale avail_event may still be crossed once
            expected = sc.eventIdx() && !sc.packed() && before <= deviceEventLinear && deviceEventLinear < after;
        }
        check(kick == expected, "kick " + kick + " but suppression says " + expected + " (device "
                + (deviceEnabled ? "waiting" : "polling") + ", event at " + deviceEventLinear + ", published "
                + before + ".." + after + ")");
        if (kick) {
            kicks++;
            deviceRuns(q.size());
        }
    }

    /** The device's poll loop: notifications off, pop up to {@code max}, complete some, maybe sleep again. */
    private void deviceRuns(int max) throws VirtqueueException {
        while (true) {
            q.disableNotification();
            deviceEnabled = false;
            for (int i = 0; i < max; i++) {
                DescriptorChain c = q.pop();
                if (c == null) break;
                serve(c);
            }
            deviceCompletes(rnd.nextInt(held.size() + 1));
            if (rnd.nextInt(3) == 0) return; // keep polling, notifications stay off
            boolean more = q.enableNotification();
            deviceEnabled = true;
            deviceEventLinear = consumedLinear;
            if (!more) return;
            check(consumedLinear < driver.publishedLinear(), "enableNotification saw buffers that do not exist");
            max = q.size();
        }
    }

    private void serve(DescriptorChain c) {
        int id = c.head();
        DriverModel.Submission s = driver.byId[id];
        check(s != null, "device got id " + id + " that the driver never submitted");
        check(tracker.lastFetched == id, "tracker did not see fetch of " + id);
        ChainShape shape = s.shape;
        check(c.readableCount() == shape.readable().length && c.writableCount() == shape.writable().length,
                "chain " + id + " has " + c.readableCount() + "+" + c.writableCount() + " descriptors, driver sent " + shape);
        check(c.readableLength() == shape.readableBytes() && c.writableLength() == shape.writableBytes(),
                "chain " + id + " lengths differ from " + shape);
        long readable = c.readableLength();
        MemorySegment in = buf.asSlice(0, readable);
        check(c.read(0, in) == readable, "short read");
        for (long k = 0; k < readable; k++) {
            check(in.get(java.lang.foreign.ValueLayout.JAVA_BYTE, k) == DriverModel.readByte(s.token, k),
                    "chain " + id + " readable byte " + k + " differs");
        }
        int written = (int) (rnd.nextInt(4) == 0 ? c.writableLength() : rnd.nextLong(c.writableLength() + 1));
        MemorySegment out = buf.asSlice(0, written);
        for (int k = 0; k < written; k++) out.set(java.lang.foreign.ValueLayout.JAVA_BYTE, k, DriverModel.writtenByte(s.token, k));
        check(c.write(0, out) == written, "short write");
        driver.expect(id, written);
        consumedLinear += sc.packed() ? s.slots : 1;
        held.add(id);
    }

    /** Completes {@code n} held chains in random order, singly or in batches, and checks the interrupt rule. */
    private void deviceCompletes(int n) {
        while (n > 0 && !held.isEmpty()) {
            int batch = Math.min(n, 1 + rnd.nextInt(rnd.nextBoolean() ? 1 : 8));
            for (int i = 0; i < batch && !held.isEmpty(); i++) {
                int id = held.remove(rnd.nextInt(held.size()));
                publishedToGuest += sc.packed() ? driver.byId[id].slots : 1;
                q.addUsed(id, (int) driver.byId[id].expectedLength);
                n--;
            }
            q.flushUsed();
            batches++;
            interruptCheck();
        }
    }

    private void interruptCheck() {
        boolean irq = q.needsInterrupt();
        long before = checkedUpTo;
        long after = publishedToGuest;
        checkedUpTo = after;
        long event = driver.reapedLinear();
        boolean crossed = before <= event && event < after;
        boolean expected;
        if (driverCallbacks) expected = !sc.eventIdx() || crossed;
        else expected = !sc.packed() && sc.eventIdx() && crossed; // a disabled split ring's stale used_event
        if (firstInterruptCheck && sc.eventIdx() && (driverCallbacks || !sc.packed())) {
            expected = true; // no event history after open: the engine signals rather than risk a lost interrupt
        }
        firstInterruptCheck = false;
        check(irq == expected, "interrupt " + irq + " but suppression says " + expected + " (driver callbacks "
                + driverCallbacks + ", event at " + event + ", published " + before + ".." + after + ")");
        if (irq) {
            interrupts++;
            if (driverCallbacks) driver.reap(); // the interrupt handler
        }
    }

    private void toggleCallbacks() {
        if (driverCallbacks) {
            driver.disableCallbacks();
            driverCallbacks = false;
        } else {
            driverCallbacks = true;
            while (driver.enableCallbacks()) driver.reap(); // Linux: virtqueue_enable_cb then poll again
        }
    }

    /** Checks the in-flight hooks: increasing counters, batches reported before and after publication. */
    static final class RecordingTracker implements InflightTracker {
        final java.util.Set<Integer> inFlight = new java.util.HashSet<>();
        long lastCounter;
        long fetched;
        int lastFetched = -1;
        int pendingBatch = -1;

        @Override
        public void onFetch(int head, long counter) {
            if (counter <= lastCounter) throw new AssertionError("fetch counter " + counter + " after " + lastCounter);
            if (!inFlight.add(head)) throw new AssertionError("head " + head + " fetched twice");
            lastCounter = counter;
            lastFetched = head;
            fetched++;
        }

        @Override
        public void onBatchComplete(int[] heads, int count, int usedIndex) {
            if (pendingBatch >= 0) throw new AssertionError("batch completed twice without publication");
            for (int i = 0; i < count; i++) {
                if (!inFlight.contains(heads[i])) throw new AssertionError("completed head " + heads[i] + " was not in flight");
            }
            pendingBatch = count;
        }

        @Override
        public void onUsedPublished(int[] heads, int count, int usedIndex) {
            if (pendingBatch != count) throw new AssertionError("published " + count + " of a batch of " + pendingBatch);
            for (int i = 0; i < count; i++) inFlight.remove(heads[i]);
            pendingBatch = -1;
        }
    }
}
