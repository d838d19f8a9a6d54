package dev.mlops.benchmarks.registry;

import dev.mlops.registry.Registry;
import dev.mlops.registry.experiment.Run;
import dev.mlops.registry.experiment.RunFilter;
import dev.mlops.registry.experiment.RunInfo;
import dev.mlops.registry.experiment.RunQuery;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.spi.WriteResult;
import dev.mlops.registry.store.FileStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 7 item 8: metric points appended per second (buffered, one record per 1 000 points) against the baseline of
 * one record write per point; and a search over 10 000 runs ("best 5 by val_auc where lr &lt; 0.01") against the
 * baseline of listing the run keys. On a {@code file:} store with fsync on (the default).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class RunsBenchmark {
    static final int RUNS = 10_000;
    Path dir;
    Store store;
    Registry registry;
    Run run;
    final AtomicLong key = new AtomicLong(System.nanoTime());

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        // the 10 000 runs are logged once and shared by every fork (each fork is a fresh JVM: nothing cached)
        dir = Path.of(System.getProperty("java.io.tmpdir"), "mlops-bench-runs-" + RUNS);
        Path ready = dir.resolve("ready");
        if (!Files.exists(ready)) {
            try (Store fast = FileStore.builder(dir).fsync(false).build().asStore(); Registry w = Registry.open(fast)) {
                java.util.Random rnd = new java.util.Random(1);
                for (int i = 0; i < RUNS; i++) {
                    try (Run r = w.runs().start("search")) {
                        r.param("lr", new double[]{0.1, 0.03, 0.01, 0.003, 0.001}[rnd.nextInt(5)]).logMetric("val_auc", rnd.nextDouble());
                    }
                }
            }
            Files.createFile(ready);
        }
        store = FileStore.open(dir).asStore();
        registry = Registry.open(store);
        run = registry.runs().start("append");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        run.close();
        registry.close();
        store.close(); // the directory is kept for the next fork; delete it by hand after the run
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(1000)
    public Run appendMetricPoints() {
        for (int i = 0; i < 1000; i++) {
            run.logMetric("loss", i * 0.001);
        }
        return run;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public WriteResult baselineOneRecordWritePerPoint() {
        return store.records().createIfAbsent("bench-points", "p/" + key.incrementAndGet(), "{\"v\":0.5,\"s\":1}".getBytes());
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<RunInfo> searchBest5Of10000Runs() {
        return registry.runs().search(RunQuery.where(RunFilter.param("lr").lt(0.01))
                .orderBy(RunFilter.metric("val_auc"), false).limit(5));
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int baselineListRunKeys() {
        return store.records().list("runs", "", null, 10_000).items().size();
    }
}
