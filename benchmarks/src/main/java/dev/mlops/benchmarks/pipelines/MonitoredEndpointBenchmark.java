package dev.mlops.benchmarks.pipelines;

import dev.mlops.monitoring.DriftMonitor;
import dev.mlops.monitoring.ReferenceProfile;
import dev.mlops.pipelines.MonitoredEndpoint;
import dev.mlops.serving.endpoint.Endpoint;
import dev.mlops.serving.Inputs;
import dev.mlops.serving.ModelOptions;
import dev.mlops.serving.Models;
import dev.mlops.serving.Outputs;
import dev.mlops.serving.Tensor;
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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What feeding a drift monitor costs on the predict path: the breast-cancer MLP (v1, 30 features) behind a
 * single-variant endpoint, plain ({@code endpoint}) versus through {@link MonitoredEndpoint} with a drift monitor on
 * the 30 inputs and the prediction (count windows of 10 000 rows, so window evaluations are included at their real
 * rate). Batch 1, one intra-op thread. Model from {@code -Dmlops.fixtures=DIR} (default ../shared/fixtures).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class MonitoredEndpointBenchmark {
    Endpoint endpoint;
    DriftMonitor monitor;
    MonitoredEndpoint monitored;
    Inputs[] inputs;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        Path file = Path.of(System.getProperty("mlops.fixtures", "../shared/fixtures"))
                .resolve("models").resolve("breast_cancer_mlp_v1.onnx");
        endpoint = Endpoint.builder("bench")
                .variant("a", Models.load(file, ModelOptions.builder().intraOpThreads(1).build())).build();
        SplittableRandom r = new SplittableRandom(7);
        List<String> names = new ArrayList<>();
        ReferenceProfile.Builder profile = ReferenceProfile.builder();
        for (int f = 0; f < 30; f++) {
            names.add("f" + f);
            double[] v = new double[5_000];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextGaussian();
            }
            profile.numeric("f" + f, v);
        }
        double[] p = new double[5_000];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextDouble();
        }
        profile.output("prediction", p);
        monitor = DriftMonitor.builder(profile.build()).countWindow(10_000).build();
        monitored = MonitoredEndpoint.builder(endpoint, monitor, names).build();
        inputs = new Inputs[1024];
        for (int i = 0; i < inputs.length; i++) {
            float[] row = new float[30];
            for (int f = 0; f < 30; f++) {
                row[f] = (float) r.nextGaussian();
            }
            inputs[i] = Inputs.of(Tensor.ofFloats(row, 1, 30));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        monitored.close();
        endpoint.close();
    }

    private Inputs nextInputs() {
        next = (next + 1) & 1023;
        return inputs[next];
    }

    /** Baseline: the endpoint alone. */
    @Benchmark
    public Outputs endpoint() {
        return endpoint.predict(nextInputs());
    }

    /** The same request through the monitored endpoint (31 features observed per row). */
    @Benchmark
    public Outputs monitored() {
        return monitored.predict(nextInputs());
    }
}
