package dev.mlops.benchmarks.store;

import dev.mlops.registry.jdbc.testing.PostgresTestServer;
import dev.mlops.registry.jdbc.testing.RegistryLikeWriter;
import dev.mlops.registry.spi.RecordStore;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.spi.Stores;
import dev.mlops.registry.spi.WriteResult;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Records on PostgreSQL (an embedded server on loopback, fsync and synchronous commit on, as in production) against
 * the file store (its baseline) in the same run: compare-and-set latency, and versions registered per second
 * (allocate a number with a CAS loop on a counter, create the version record, move an alias with a CAS loop) with
 * 1 and 8 writers racing on one model.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class ProductionRecordStoreBenchmark {
    @Param({"postgres", "file"})
    public String store;

    private Store handle;
    private Path dir;
    private final AtomicInteger writers = new AtomicInteger();

    @Setup(Level.Trial)
    public void open() throws IOException {
        if (store.equals("postgres")) {
            String url = PostgresTestServer.start(true).newDatabase();
            handle = Stores.open(url + "&poolSize=16");
        } else {
            dir = Files.createTempDirectory("mlops-bench-file-");
            handle = Stores.open("file:" + dir);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        handle.close();
        if (dir != null) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One key per thread, with the revision this thread last wrote. */
    @State(Scope.Thread)
    public static class Key {
        String key;
        long revision;

        @Setup(Level.Trial)
        public void create(ProductionRecordStoreBenchmark b) {
            key = "bench/cas/" + b.writers.incrementAndGet();
            b.handle.records().createIfAbsent("bench", key, "0".getBytes(StandardCharsets.UTF_8));
            revision = b.handle.records().get("bench", key).orElseThrow().revision();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public WriteResult compareAndSet(Key k) {
        RecordStore r = handle.records();
        WriteResult w = r.compareAndSet("bench", k.key, k.revision, Long.toString(k.revision).getBytes(StandardCharsets.UTF_8));
        k.revision = w.revision();
        return w;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(1)
    public int registerVersion1Writer() {
        return RegistryLikeWriter.registerVersions(handle.records(), null, Thread.currentThread().getName(), 1);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(8)
    public int registerVersion8Writers() {
        return RegistryLikeWriter.registerVersions(handle.records(), null, Thread.currentThread().getName(), 1);
    }
}
