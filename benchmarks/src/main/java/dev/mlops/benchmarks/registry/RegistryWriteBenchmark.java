package dev.mlops.benchmarks.registry;

import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registry;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.store.FileStore;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes through {@link Registry} on a {@code file:} store (fsync off, so the figures show the registry's own cost and
 * its locking rather than the disk's flushes): versions registered per second by 1 writer, by 4 writers on 4 models and
 * by 4 writers racing on one model, and alias moves (one compare-and-set commit each) per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class RegistryWriteBenchmark {
    Path dir;
    Store store;
    Registry registry;
    final AtomicInteger threads = new AtomicInteger();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("mlops-bench-registry-write");
        store = FileStore.builder(dir).fsync(false).build().asStore();
        registry = Registry.open(store);
        registry.register("aliased").bytes("model".getBytes()).commit();
        registry.register("aliased").bytes("model 2".getBytes()).commit();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        registry.close();
        store.close();
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One model per thread. */
    @State(Scope.Thread)
    public static class Own {
        String model;
        int i;

        @Setup(Level.Trial)
        public void name(RegistryWriteBenchmark b) {
            model = "own-" + b.threads.incrementAndGet();
        }
    }

    @Benchmark
    @Threads(1)
    public ModelVersion register1Writer(Own own) {
        return registry.register(own.model).bytes(("m" + own.i++).getBytes()).metric("auc", 0.5).commit();
    }

    @Benchmark
    @Threads(4)
    public ModelVersion register4WritersOwnModels(Own own) {
        return registry.register(own.model).bytes(("m" + own.i++).getBytes()).metric("auc", 0.5).commit();
    }

    @Benchmark
    @Threads(4)
    public ModelVersion register4WritersOneModel(Own own) {
        return registry.register("shared").bytes((own.model + own.i++).getBytes()).metric("auc", 0.5).commit();
    }

    @Benchmark
    @Threads(1)
    public Object moveAlias1Writer(Own own) {
        return registry.setAlias("aliased", "production", 1 + (own.i++ & 1), "bench", "move");
    }
}
