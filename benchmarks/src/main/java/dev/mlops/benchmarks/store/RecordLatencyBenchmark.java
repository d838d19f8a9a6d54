package dev.mlops.benchmarks.store;

import dev.mlops.registry.spi.RecordStore;
import dev.mlops.registry.spi.VersionedRecord;
import dev.mlops.registry.spi.WriteResult;
import dev.mlops.registry.store.FileStore;
import dev.mlops.registry.store.InMemoryStore;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Latency (sampled; read p50 and p99 from the output) of record get and compare-and-set, single-threaded, on
 * {@code file} (fsync on, the default), {@code file-nofsync} and {@code mem}. A document is ~200 bytes of JSON.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 3)
public class RecordLatencyBenchmark {
    @Param({"file", "file-nofsync", "mem"})
    public String store;

    private Path dir;
    private RecordStore records;
    private long revision;
    private final byte[] document = ("{\"name\":\"iris\",\"version\":3,\"artifact\":\"sha256:"
            + "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\",\"metrics\":{\"accuracy\":0.97},"
            + "\"stage\":\"production\"}").getBytes(StandardCharsets.UTF_8);

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        switch (store) {
            case "file" -> {
                dir = Files.createTempDirectory("mlops-bench-records-");
                records = FileStore.open(dir);
            }
            case "file-nofsync" -> {
                dir = Files.createTempDirectory("mlops-bench-records-");
                records = FileStore.builder(dir).fsync(false).build();
            }
            case "mem" -> records = InMemoryStore.create();
            default -> throw new IllegalArgumentException(store);
        }
        records.createIfAbsent("models", "iris/versions/3", document);
        records.createIfAbsent("models", "iris/aliases/production", document);
        revision = 1;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        records.close();
        if (dir != null) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Benchmark
    public Optional<VersionedRecord> get() {
        return records.get("models", "iris/versions/3");
    }

    @Benchmark
    public WriteResult compareAndSet() {
        WriteResult r = records.compareAndSet("models", "iris/aliases/production", revision, document);
        revision = r.revision();
        return r;
    }
}
