package dev.mlops.benchmarks.registry;

import dev.mlops.registry.dataset.DatasetVersion;
import dev.mlops.registry.Registry;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Data set lineage queries on a {@code file:} store holding N unrelated derived data set versions plus one input with
 * 10 derivations (all produced by one model version): {@code datasetDerivatives} and {@code modelOutputs} (answered
 * from the lineage index) against what answering without an index costs (reading every data set version through the
 * public API and filtering on its lineage), and against one raw record read. Also the cost the index adds to an
 * addition: adding a version with lineage (reference checks + two index links) against one without. N = 1 000 and
 * 10 000 show that the indexed queries do not grow with the registry.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class DatasetLineageBenchmark {
    @Param({"1000", "10000"})
    int versions;

    Path dir;
    Path file;
    Store store;
    Registry registry;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("mlops-bench-lineage");
        store = FileStore.builder(dir.resolve("store")).fsync(false).build().asStore(); // setup speed; reads unaffected
        file = dir.resolve("part.csv");
        Files.writeString(file, "x,y\n1,2\n");
        try (Registry setup = Registry.open(store)) {
            setup.register("scorer").bytes(new byte[]{1, 2, 3}).commit();
            setup.datasets().add("noise-src", file);
            setup.datasets().add("target", file);
            for (int i = 0; i < versions; i++) {
                setup.datasets().add("noise").path(file).derivedFrom("noise-src", 1).transform("noise").commit();
            }
            for (int i = 0; i < 10; i++) {
                setup.datasets().add("scored").path(file).derivedFrom("target", 1).producedBy("scorer", 1).commit();
            }
        }
        registry = Registry.open(store); // a fresh registry: nothing cached from the setup
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        registry.close();
        store.close();
        DatasetBenchmark.delete(dir);
    }

    @Benchmark
    public Optional<VersionedRecord> baselineOneRecordRead() {
        return store.records().get("dataset-versions", "target/0000000001");
    }

    @Benchmark
    public List<DatasetVersion> datasetDerivatives() {
        return registry.datasets().derivatives("target", 1);
    }

    @Benchmark
    public List<DatasetVersion> modelOutputs() {
        return registry.datasets().outputsOf("scorer", 1);
    }

    /** What {@code datasetDerivatives} would cost without the index: every data set version read and filtered. */
    @Benchmark
    public List<DatasetVersion> scanAllVersionsWithoutIndex() {
        List<DatasetVersion> out = new ArrayList<>();
        for (String name : registry.datasets().names()) {
            for (DatasetVersion v : registry.datasets().versions(name)) {
                if (v.lineage().derivesFrom("target", 1)) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    @Benchmark
    public DatasetVersion addWithoutLineage() {
        return registry.datasets().add("plain-adds", file);
    }

    @Benchmark
    public DatasetVersion addWithLineage() {
        return registry.datasets().add("derived-adds").path(file).derivedFrom("target", 1).producedBy("scorer", 1).commit();
    }
}
