package dev.mlops.benchmarks.observability;

import dev.mlops.micrometer.EndpointMetrics;
import dev.mlops.serving.endpoint.Endpoint;
import dev.mlops.serving.Inputs;
import dev.mlops.serving.ModelOptions;
import dev.mlops.serving.Models;
import dev.mlops.serving.Provenance;
import dev.mlops.serving.Tensor;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What publishing an endpoint's metrics costs (issue 12 item 1), in the same run: a single-variant endpoint without a
 * listener (baseline); with {@link EndpointMetrics} on a {@link PrometheusMeterRegistry} (default 16 fixed buckets);
 * with Micrometer's percentile histogram; the listener's {@code onRequest} alone; and a full Prometheus scrape of one
 * endpoint's series. Model diabetes_linear, batch 1, from {@code -Dmlops.fixtures=DIR}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Xss4m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class MetricsBenchmark {
    static final ModelOptions ONE_THREAD = ModelOptions.builder().intraOpThreads(1).name("diabetes@1").build();
    static final Provenance ANSWERED_BY = Provenance.ofModel("diabetes", 1, null).at("listener", "a");

    Endpoint bare;
    Endpoint metered;
    Endpoint meteredPercentiles;
    EndpointMetrics listenerOnly;
    PrometheusMeterRegistry registry;
    PrometheusMeterRegistry scraped;
    Inputs inputs;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path fixtures = Path.of(System.getProperty("mlops.fixtures", "../shared/fixtures"));
        byte[] bytes = Files.readAllBytes(fixtures.resolve("models").resolve("diabetes_linear.onnx"));
        float[] data = new float[10];
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) r.nextGaussian();
        }
        inputs = Inputs.of(Tensor.ofFloats(data, 1, 10));
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        bare = Endpoint.builder("bare").variant("a", Models.load(bytes, ONE_THREAD)).build();
        EndpointMetrics m1 = EndpointMetrics.builder("metered", registry).build();
        metered = Endpoint.builder("metered").variant("a", Models.load(bytes, ONE_THREAD)).listener(m1).build();
        m1.bind(metered);
        EndpointMetrics m2 = EndpointMetrics.builder("percentiles", registry).percentileHistogram(true).build();
        meteredPercentiles = Endpoint.builder("percentiles").variant("a", Models.load(bytes, ONE_THREAD))
                .listener(m2).build();
        m2.bind(meteredPercentiles);
        listenerOnly = EndpointMetrics.builder("listener", registry).build();
        scraped = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        EndpointMetrics m3 = EndpointMetrics.builder("metered", scraped).build();
        m3.bind(metered);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        bare.close();
        metered.close();
        meteredPercentiles.close();
        registry.close();
        scraped.close();
    }

    @Benchmark
    public float[] a_noMetrics() {
        return bare.predict(inputs).first().floatData();
    }

    @Benchmark
    public float[] b_endpointMetrics() {
        return metered.predict(inputs).first().floatData();
    }

    @Benchmark
    public float[] c_endpointMetricsPercentileHistogram() {
        return meteredPercentiles.predict(inputs).first().floatData();
    }

    @Benchmark
    public EndpointMetrics d_onRequestAlone() {
        listenerOnly.onRequest(ANSWERED_BY, 12_345, null, null);
        return listenerOnly;
    }

    @Benchmark
    public String e_scrapeOneEndpoint() {
        return scraped.scrape();
    }
}
