package dev.mlops.benchmarks.serving;

import dev.mlops.serving.batch.BatchingOptions;
import dev.mlops.serving.batch.DynamicBatcher;
import dev.mlops.serving.Inputs;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.ModelOptions;
import dev.mlops.serving.Models;
import dev.mlops.serving.Tensor;
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

import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Closed-loop throughput of single-row requests to the breast-cancer MLP, batched (dynamic batcher, 64 rows, 2 ms)
 * vs unbatched, with as many callers as JMH threads ({@code -t 1}, {@code -t 8}, {@code -t 64}, {@code -t 256}).
 * Rows/s = ops/s. Callers run batches themselves (no dispatcher thread), {@code concurrentBatches} at a time.
 * Not the open-loop (Poisson arrivals) latency driver of issue 10 item 7.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Benchmark)
public class BatchingBenchmark {
    /** {@link BatchingOptions#maxConcurrentBatches()} of the batched variant. */
    @Param({"1"})
    public int concurrentBatches;

    LoadedModel unbatched;
    DynamicBatcher batcher;
    Inputs row;

    @Setup(Level.Trial)
    public void setUp() {
        Path file = PredictBenchmark.fixtures().resolve("models").resolve("breast_cancer_mlp_v1.onnx");
        ModelOptions one = ModelOptions.builder().intraOpThreads(1).build();
        unbatched = Models.load(file, one);
        batcher = DynamicBatcher.of(Models.load(file, one), BatchingOptions.builder().maxBatchRows(64)
                .maxDelay(Duration.ofMillis(2)).queueCapacity(4096).maxConcurrentBatches(concurrentBatches).build());
        float[] data = new float[30];
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 30; i++) {
            data[i] = (float) r.nextGaussian();
        }
        row = Inputs.of(Tensor.ofFloats(data, 1, 30));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        unbatched.close();
        batcher.close();
    }

    @Benchmark
    public float[] batched() {
        return batcher.predict(row).first().floatData();
    }

    @Benchmark
    public float[] unbatched() {
        return unbatched.predict(row).first().floatData();
    }
}
