package io.jvirtiod.inflight;

import io.jvirtiod.testsupport.Require;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real daemon process ({@link CrashChild}) killed with SIGKILL at random moments, several times, while it
 * fetches and completes requests. This JVM is the guest driver: it makes requests available and consumes
 * completions from guest memory (a shared file that, like a guest's RAM, outlives the daemon). What is checked
 * needs no word from the child, only what the guest can see:
 * <ul>
 *   <li>no completion is of a request that was not outstanding (nothing completed twice, nothing invented);</li>
 *   <li>after each kill, recovery resubmits exactly the outstanding requests the daemon had fetched, in the
 *       order the guest made them available (= fetch order), and the rest of the outstanding requests are
 *       exactly the avail ring entries from the recovered last avail index on;</li>
 *   <li>a last daemon, started after the final kill, completes every outstanding request.</li>
 * </ul>
 */
class RealCrashTest {
    private static final int KILLS = 12;

    @TempDir
    Path dir;

    private final Random rnd = new Random();
    private final Map<Integer, Long> outstanding = new HashMap<>(); // head -> request id
    private final Map<Long, Long> position = new HashMap<>();       // request id -> absolute avail position
    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private long nextId = 1;
    private long availAbs;
    private int usedSeen;
    private long completed;

    @Test
    void aDaemonKilledAtRandomMomentsLosesAndRepeatsNothing() throws Exception {
        Path logPath = dir.resolve("blk.inflight");
        Path ringPath = dir.resolve("guest-ram");
        InflightLog.create(logPath, "crash-test", 1, GuestRing.QS, 1L << 32).close();
        for (int h = 0; h < GuestRing.QS; h++) free.add(h);
        List<Integer> expectedResubmit = List.of();
        int totalResubmitted = 0;
        int totalUnfetched = 0;
        int halfRecordedBatches = 0;
        try (GuestRing ring = GuestRing.create(ringPath)) {
            for (int kill = 0; kill < KILLS; kill++) {
                Process child = start(logPath, ringPath);
                try {
                    List<Integer> resubmitted = awaitReady(child);
                    assertEquals(expectedResubmit, resubmitted, "the daemon resubmits what recovery said");
                    // Kill while the daemon is busy: after a random amount of completed work, at a random instant.
                    long target = completed + 100 + rnd.nextInt(5000);
                    long cap = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (completed < target && System.nanoTime() < cap) {
                        assertTrue(child.isAlive(), () -> "the daemon died by itself: " + output(child));
                        drive(ring, true);
                        Thread.yield(); // leave the daemon the CPU on a loaded machine
                    }
                    long until = System.nanoTime() + rnd.nextInt(2_000_000);
                    while (System.nanoTime() < until) drive(ring, true);
                } finally {
                    child.destroyForcibly(); // SIGKILL
                    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                }
                assertEquals(137, child.exitValue(), "killed by SIGKILL");
                drive(ring, false); // completions the daemon published before it died
                Recovery rec = checkRecovery(logPath, ring);
                expectedResubmit = rec.headList();
                totalResubmitted += rec.heads().length;
                totalUnfetched += outstanding.size() - rec.heads().length;
                if (rec.batchCleared() > 0) halfRecordedBatches++;
            }
            // A last daemon must finish everything still outstanding.
            Process child = start(logPath, ringPath);
            try {
                assertEquals(expectedResubmit, awaitReady(child));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!outstanding.isEmpty() && System.nanoTime() < deadline) drive(ring, false);
                assertEquals(Map.of(), outstanding, "requests the restarted daemon never completed");
            } finally {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
        }
        System.out.println("RealCrashTest: " + KILLS + " SIGKILLs, " + completed + " requests completed, "
                + totalResubmitted + " resubmitted after kills, " + totalUnfetched + " left unfetched in the avail ring, "
                + halfRecordedBatches + " kills inside a batch publication");
        assertTrue(completed > KILLS, "the daemon did real work between kills: " + completed);
    }

    /** One driver pass: consume published completions, then (if {@code submit}) make every free head available. */
    private void drive(GuestRing ring, boolean submit) {
        int used = ring.usedIdx();
        while (usedSeen != used) {
            int head = ring.usedId(usedSeen);
            int len = ring.usedLen(usedSeen);
            Long id = outstanding.get(head);
            if (id == null || (int) (long) id != len) {
                fail("used[" + usedSeen + "] completes head " + head + " (request " + len + ") which is not outstanding"
                        + " (outstanding there: " + id + "): completed twice or invented");
            }
            outstanding.remove(head);
            position.remove(id);
            free.add(head);
            completed++;
            usedSeen = (usedSeen + 1) & 0xffff;
        }
        while (submit && !free.isEmpty()) {
            int head = free.poll();
            long id = nextId++;
            ring.makeAvailable((int) (availAbs & 0xffff), head, id);
            outstanding.put(head, id);
            position.put(id, availAbs++);
        }
    }

    /** Opens the log as the next daemon would and checks recovery against what the guest knows. */
    private Recovery checkRecovery(Path logPath, GuestRing ring) throws IOException {
        int used = ring.usedIdx();
        try (InflightLog log = InflightLog.open(logPath)) {
            Recovery rec = log.queue(0).recover(used);
            int[] heads = rec.heads();
            int unfetched = ((int) (availAbs & 0xffff) - rec.lastAvailIdx()) & 0xffff;
            assertTrue(unfetched <= GuestRing.QS, () -> "last avail idx " + rec.lastAvailIdx() + " is not behind "
                    + (availAbs & 0xffff) + " by at most a queue: " + rec);
            Set<Integer> seen = new HashSet<>();
            List<Integer> notFetched = new ArrayList<>();
            for (int i = 0; i < unfetched; i++) notFetched.add(ring.availEntry((rec.lastAvailIdx() + i) & 0xffff));
            for (int h : heads) assertTrue(seen.add(h), () -> "head resubmitted twice: " + rec);
            for (int h : notFetched) assertTrue(seen.add(h), () -> "head both resubmitted and unfetched: " + rec);
            assertEquals(outstanding.keySet(), seen, () -> "outstanding requests vs resubmitted + unfetched: " + rec);
            long[] order = Arrays.stream(heads).mapToLong(h -> position.get(outstanding.get(h))).toArray();
            long[] sorted = order.clone();
            Arrays.sort(sorted);
            assertTrue(Arrays.equals(order, sorted), () -> "not oldest first: positions " + Arrays.toString(order));
            for (int h : notFetched) {
                long p = position.get(outstanding.get(h));
                for (long q : order) assertTrue(q < p, "an unfetched request is older than a fetched one");
            }
            return rec;
        }
    }

    private Process start(Path logPath, Path ringPath) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = List.of(java, "@" + Require.projectRoot().resolve("jvm.flags"), "-XX:+UseSerialGC", "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
                logPath.toString(), ringPath.toString(), Long.toString(rnd.nextLong()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static List<Integer> awaitReady(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return "error: " + e;
            }
        }).get(120, TimeUnit.SECONDS);
        if (line == null || !line.startsWith("ready ")) fail("the daemon did not start: " + line + "\n" + output(child));
        String heads = line.split(" ", -1)[1];
        return heads.isEmpty() ? List.of() : Arrays.stream(heads.split(",")).map(Integer::valueOf).toList();
    }

    private static String output(Process child) {
        try {
            return child.isAlive() ? "(running)" : new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
