package io.jvirtiod.bench;

import io.jvirtiod.inflight.InflightLog;
import io.jvirtiod.inflight.QueueLog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What the in-flight log adds to each request: one fetch record plus its share of a batch completion
 * (add to batch, publish), on a file-backed log in the page cache, for batches of 1 (libvhost-user's way)
 * and of 16.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class InflightLogBench {
    private static final int QS = 256;

    @Param({"1", "16"})
    int batch;

    private Path dir;
    private InflightLog log;
    private QueueLog q;
    private int used;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("inflight-bench");
        log = InflightLog.create(dir.resolve("log"), "bench", 1, QS, 1L << 32);
        q = log.queue(0);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        log.close();
        Files.deleteIfExists(dir.resolve("log"));
        Files.deleteIfExists(dir);
    }

    /** QS requests: each fetched, then completed in batches, out of fetch order. */
    @Benchmark
    @OperationsPerInvocation(QS)
    public int perRequest() {
        for (int h = 0; h < QS; h++) q.onFetch(h);
        for (int h = QS - 1; h >= 0; h -= batch) {
            for (int i = 0; i < batch; i++) q.addToBatch(h - i);
            used = (used + batch) & 0xffff;
            q.onBatchPublished(used);
        }
        return used;
    }
}
