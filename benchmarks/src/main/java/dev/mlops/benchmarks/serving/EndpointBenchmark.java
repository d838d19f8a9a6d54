package dev.mlops.benchmarks.serving;

import dev.mlops.serving.endpoint.Endpoint;
import dev.mlops.serving.Inputs;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.ModelOptions;
import dev.mlops.serving.Models;
import dev.mlops.serving.Tensor;
import dev.mlops.serving.routing.RoutingPolicy;
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
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Routing and swap overhead (issue 8 items 8 and 9), in the same run: plain {@code LoadedModel.predict}; an endpoint
 * with a single variant; with a 10 % canary; with a 10 % shadow (mirrors on the endpoint's own one-thread pool); and
 * a single-variant endpoint whose model is hot-swapped every 20 ms by a background thread (each swap loads and warms a
 * new session). Model diabetes_linear, batch 1, from {@code -Dmlops.fixtures=DIR}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class EndpointBenchmark {
    static final ModelOptions ONE_THREAD = ModelOptions.builder().intraOpThreads(1).build();

    @Param({"diabetes_linear"})
    public String model;

    LoadedModel plain;
    Endpoint single;
    Endpoint canary;
    Endpoint shadow;
    Endpoint swapping;
    Inputs inputs;
    byte[] bytes;
    Thread swapper;
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicLong swaps = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path file = PredictBenchmark.fixtures().resolve("models").resolve(model + ".onnx");
        bytes = Files.readAllBytes(file);
        plain = Models.load(bytes, ONE_THREAD);
        int features = (int) plain.signature().inputs().get(0).dim(1);
        float[] data = new float[features];
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < features; i++) {
            data[i] = (float) r.nextGaussian();
        }
        inputs = Inputs.of(Tensor.ofFloats(data, 1, features));
        single = Endpoint.builder("single").variant("a", Models.load(bytes, ONE_THREAD)).build();
        canary = Endpoint.builder("canary").variant("a", Models.load(bytes, ONE_THREAD)).variant("b", Models.load(bytes, ONE_THREAD))
                .policy(RoutingPolicy.canary("a", "b", 0.1)).build();
        shadow = Endpoint.builder("shadow").variant("a", Models.load(bytes, ONE_THREAD)).variant("s", Models.load(bytes, ONE_THREAD))
                .policy(RoutingPolicy.shadow(RoutingPolicy.single("a"), 0.10, "s")).shadowThreads(1).build();
        swapping = Endpoint.builder("swapping").variant("a", Models.load(bytes, ONE_THREAD)).build();
        swapper = new Thread(() -> {
            while (!stop.get()) {
                swapping.putVariant("a", () -> Models.load(bytes, ONE_THREAD.toBuilder().warmUpRuns(1).build()));
                swaps.incrementAndGet();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "swapper");
        swapper.setDaemon(true);
        swapper.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        stop.set(true);
        swapper.join();
        long failedSwapping = swapping.stats().variant("a").errorCount();
        System.out.println("\nswaps during the trial: " + swaps.get() + ", failed requests on the swapping endpoint: "
                + failedSwapping + ", shadow mirrors run " + shadow.stats().variant("s").shadowRequests()
                + ", dropped " + shadow.stats().variant("s").droppedMirrors());
        plain.close();
        single.close();
        canary.close();
        shadow.close();
        swapping.close();
    }

    @Benchmark
    public float[] a_plainPredict() {
        return plain.predict(inputs).first().floatData();
    }

    @Benchmark
    public float[] b_endpointSingle() {
        return single.predict(inputs).first().floatData();
    }

    @Benchmark
    public float[] c_endpointCanary10() {
        return canary.predict(inputs).first().floatData();
    }

    @Benchmark
    public float[] d_endpointShadow10() {
        return shadow.predict(inputs).first().floatData();
    }

    @Benchmark
    public float[] e_endpointDuringSwaps() {
        return swapping.predict(inputs).first().floatData();
    }
}
