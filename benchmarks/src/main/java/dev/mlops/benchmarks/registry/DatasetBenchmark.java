package dev.mlops.benchmarks.registry;

import dev.mlops.registry.dataset.DatasetVersion;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Issue 7 item 8: a data set version of a directory of 1 000 files — add (new content), re-add unchanged, checkout —
 * against {@code cp -r} of the same tree in the same run. {@code totalMb} scales the tree (the issue asks for 1 GB;
 * the recorded run uses less to fit a shared 2-core machine). Single-shot: each iteration does the whole operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class DatasetBenchmark {
    @Param({"200"})
    int totalMb;

    Path root;
    Path tree;
    Store store;
    Registry registry;
    int salt;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        root = Files.createTempDirectory("mlops-bench-ds");
        tree = root.resolve("tree");
        int files = 1000;
        int size = totalMb * 1024 * 1024 / files;
        Random rnd = new Random(3);
        byte[] buf = new byte[size];
        for (int i = 0; i < files; i++) {
            rnd.nextBytes(buf);
            Path p = tree.resolve("part-" + (i % 10)).resolve("file-" + i + ".bin");
            Files.createDirectories(p.getParent());
            Files.write(p, buf);
        }
        store = FileStore.open(root.resolve("store")).asStore();
        registry = Registry.open(store);
        registry.datasets().add("warm", tree);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        registry.close();
        store.close();
        delete(root);
    }

    static void delete(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            walk.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
    }

    /** Fresh content each time: rewrite one byte of every file so nothing deduplicates. */
    @Benchmark
    public DatasetVersion addNewContent() throws IOException {
        salt++;
        try (var walk = Files.walk(tree)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                try (var ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.WRITE)) {
                    ch.write(java.nio.ByteBuffer.wrap(new byte[]{(byte) salt}), 0);
                }
            }
        }
        return registry.datasets().add("fresh", tree);
    }

    @Benchmark
    public DatasetVersion reAddUnchanged() {
        return registry.datasets().add("warm", tree);
    }

    @Benchmark
    public Path checkout() throws IOException {
        Path out = root.resolve("checkout");
        delete(out);
        registry.datasets().checkout("warm", 1, out);
        return out;
    }

    @Benchmark
    public int baselineCpR() throws Exception {
        Path out = root.resolve("cp");
        delete(out);
        return new ProcessBuilder("cp", "-r", tree.toString(), out.toString()).inheritIO().start().waitFor();
    }
}
