package dev.mlops.benchmarks.ui;

import dev.mlops.registry.Registry;
import dev.mlops.registry.experiment.Run;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.store.FileStore;
import dev.mlops.ui.RegistryBrowser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/**
 * Issue 26: rendering the browser's pages over a {@code file:} store holding 10 000 versions of one model (with 1 000
 * alias moves and a rollback every 50) and 5 000 runs (three params, two metrics, a 20-point loss history each). Each
 * page's goal is 100 ms. The store is built once and shared by every fork, in {@code java.io.tmpdir} (fsync off for
 * setup speed; reads are the same; delete {@code mlops-bench-ui-10000-5000} by hand afterwards); each fork reads it
 * with a fresh registry, warmed by the warm-up iterations as a long-running server would be.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class RegistryBrowserBenchmark {
    static final String MODEL = "fraud";
    static final int VERSIONS = 10_000;
    static final int RUNS = 5_000;

    Path dir;
    Store store;
    Registry registry;
    RegistryBrowser browser;
    String runId;
    String otherRunId;

    /** A clock that advances one minute per call. */
    static final class SteppingClock extends Clock {
        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        @Override
        public synchronized Instant instant() {
            now = now.plus(Duration.ofMinutes(1));
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Path.of(System.getProperty("java.io.tmpdir"), "mlops-bench-ui-" + VERSIONS + "-" + RUNS);
        Path ready = dir.resolve("ready");
        if (!Files.exists(ready)) {
            build(dir);
            Files.writeString(ready, "");
        }
        store = FileStore.open(dir).asStore();
        registry = Registry.open(store);
        browser = RegistryBrowser.builder(registry).build();
        java.util.List<dev.mlops.registry.experiment.RunInfo> runs = registry.runs().list("fraud-train");
        runId = runs.get(runs.size() / 2).id();
        otherRunId = runs.get(runs.size() / 2 + 1).id();
    }

    private static void build(Path dir) throws Exception {
        try (Store writeStore = FileStore.builder(dir).fsync(false).build().asStore();
             Registry w = Registry.builder().store(writeStore).clock(new SteppingClock()).build()) {
            for (int i = 1; i <= VERSIONS; i++) {
                w.register(MODEL).bytes(("model " + i).getBytes(StandardCharsets.UTF_8)).param("lr", 0.001 * (i % 10 + 1))
                        .param("layers", i % 5 + 1).metric("auc", 0.8 + (i % 100) / 1000.0)
                        .metric("accuracy", 0.7 + (i % 50) / 500.0).tag("team", "risk").by("ci").commit();
                if (i % 10 == 0) {
                    w.setAlias(MODEL, i % 20 == 0 ? "production" : "staging", i, "ci", "promote v" + i);
                }
                if (i % 500 == 0) {
                    w.rollback(MODEL, "production", "monitor", "drift");
                }
            }
            for (int r = 0; r < RUNS; r++) {
                try (Run run = w.runs().start(r % 2 == 0 ? "fraud-train" : "fraud-tune", "ci")) {
                    run.param("lr", 0.001 * (r % 10 + 1)).param("layers", r % 5 + 1).param("optimizer", r % 3 == 0 ? "adam" : "sgd");
                    for (int step = 0; step < 20; step++) {
                        run.logMetric("loss", 1.0 / (step + 1 + r % 7), step);
                    }
                    run.logMetric("val_auc", 0.8 + (r % 200) / 1000.0);
                }
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        registry.close();
        store.close(); // the directory is kept for the next fork
    }

    @Benchmark
    public int modelsList() {
        return browser.render("/").length();
    }

    @Benchmark
    public int modelPageFirst() {
        return browser.render("/models/" + MODEL).length();
    }

    @Benchmark
    public int modelPageLast() {
        return browser.render("/models/" + MODEL + "?page=" + (VERSIONS - 49)).length();
    }

    @Benchmark
    public int versionPage() {
        return browser.render("/models/" + MODEL + "/versions/5000").length();
    }

    @Benchmark
    public int aliasPageAsOf() {
        return browser.render("/models/" + MODEL + "/aliases/production?asOf=2025-01-05T00:00:00Z").length();
    }

    @Benchmark
    public int compareVersions() {
        return browser.render("/models/" + MODEL + "/compare?a=4999&b=5000").length();
    }

    @Benchmark
    public int runSearch() {
        return browser.render("/runs?q=metric.val_auc+%3E%3D+0.95+AND+param.lr+%3C+0.005").length();
    }

    @Benchmark
    public int runPage() {
        return browser.render("/runs/" + runId).length();
    }

    @Benchmark
    public int compareRuns() {
        return browser.render("/runs/compare?a=" + runId + "&b=" + otherRunId).length();
    }
}
