package io.jvirtiod.inflight;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The daemon side of {@link RealCrashTest}, run in its own JVM and killed with SIGKILL at a random moment:
 * it recovers from the log, resubmits, then fetches and completes requests (random batches, out of order) as
 * fast as it can, keeping the in-flight log exactly as a device backend would.
 */
public final class CrashChild {
    private CrashChild() {}

    public static void main(String[] args) throws Exception {
        Path logPath = Path.of(args[0]);
        Path ringPath = Path.of(args[1]);
        Random rnd = new Random(Long.parseLong(args[2]));
        try (InflightLog log = InflightLog.open(logPath); GuestRing ring = GuestRing.open(ringPath)) {
            QueueLog q = log.queue(0);
            int used = ring.usedIdx();
            Recovery rec = q.recover(used);
            List<Integer> processing = new ArrayList<>(rec.headList()); // resubmitted, oldest first
            int lastAvail = rec.lastAvailIdx();
            System.out.println("ready " + rec.headList().stream().map(String::valueOf).collect(Collectors.joining(","))
                    + " " + lastAvail);
            System.out.flush();
            int keep = 0; // requests held in flight, as a device with latency would
            int idle = 0;
            while (true) {
                int avail = ring.availIdx();
                idle = avail == lastAvail ? idle + 1 : 0;
                while (lastAvail != avail) {
                    int head = ring.availEntry(lastAvail);
                    if (!q.onFetch(head)) {
                        System.out.println("error: head " + head + " at avail " + lastAvail + " is already in flight");
                        System.exit(3);
                    }
                    processing.add(head);
                    lastAvail = (lastAvail + 1) & 0xffff;
                }
                if (processing.isEmpty() || (processing.size() <= keep && idle < 10_000)) {
                    Thread.onSpinWait();
                    continue;
                }
                int k = 1 + rnd.nextInt(Math.min(processing.size(), 8));
                for (int i = 0; i < k; i++) {
                    int head = processing.remove(rnd.nextInt(processing.size()));
                    if (!q.addToBatch(head)) {
                        System.out.println("error: head " + head + " is not in flight");
                        System.exit(3);
                    }
                    ring.writeUsed((used + i) & 0xffff, head, (int) ring.request(head));
                }
                used = (used + k) & 0xffff;
                ring.publishUsed(used);
                q.onBatchPublished(used);
                keep = rnd.nextInt(GuestRing.QS - 8);
            }
        }
    }
}
