package dev.mlops.benchmarks.registry;

import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registry;
import dev.mlops.registry.spi.Page;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.spi.VersionedRecord;
import dev.mlops.registry.store.FileStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Issue 4 item 11: on a {@code file:} store holding N versions of one model and N/10 alias moves, the cost of latest
 * version, resolve alias, resolve alias as of an instant, and listing a page of 100 versions, against the baseline of
 * one raw record read from the same store. Measured at N = 1 000 and N = 10 000 to show how each grows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class RegistryLookupBenchmark {
    @Param({"1000", "10000"})
    int versions;

    Path dir;
    Store store;
    Registry registry;
    Instant first;
    Instant last;
    String middlePageToken;

    /** A clock that advances one minute per call, so alias moves are spread over time. */
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
        dir = Files.createTempDirectory("mlops-bench-registry");
        store = FileStore.builder(dir).fsync(false).build().asStore(); // setup speed only; reads are unaffected
        SteppingClock clock = new SteppingClock();
        try (Registry writer = Registry.builder().store(store).clock(clock).build()) {
            for (int i = 1; i <= versions; i++) {
                writer.register("fraud").bytes(("model " + i).getBytes()).param("i", i).metric("auc", i / (double) versions).commit();
            }
            int moves = versions / 10;
            first = clock.instant();
            for (int i = 0; i < moves; i++) {
                writer.setAlias("fraud", "production", 1 + (i * 7919) % versions, "pipeline", "move " + i);
            }
            last = clock.instant();
        }
        // a fresh registry: nothing cached from the writes
        registry = Registry.open(store);
        Page<ModelVersion> p = registry.versions("fraud", null, versions / 2);
        middlePageToken = p.nextPageToken();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        registry.close();
        store.close();
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public Optional<VersionedRecord> baselineOneRecordRead() {
        return store.records().get("versions", "fraud/0000000001");
    }

    @Benchmark
    public Optional<ModelVersion> latestVersion() {
        return registry.latest("fraud");
    }

    @Benchmark
    public OptionalInt resolveAlias() {
        return registry.resolve("fraud", "production");
    }

    @Benchmark
    public OptionalInt resolveAliasAsOf() {
        long span = last.toEpochMilli() - first.toEpochMilli();
        return registry.alias("fraud", "production").resolve(
                first.plusMillis(ThreadLocalRandom.current().nextLong(span)));
    }

    @Benchmark
    public Page<ModelVersion> listPageOf100() {
        return registry.versions("fraud", middlePageToken, 100);
    }
}
