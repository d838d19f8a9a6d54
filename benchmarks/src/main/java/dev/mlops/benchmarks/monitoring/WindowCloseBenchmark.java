package dev.mlops.benchmarks.monitoring;

import dev.mlops.monitoring.DriftMonitor;
import dev.mlops.monitoring.DriftResult;
import dev.mlops.monitoring.ReferenceProfile;
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

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closing a window of 20 numeric features (reference 10 000 rows): merging stripes, PSI, KS, Wasserstein, JS per
 * feature and the verdict. The window is filled before each invocation (not timed).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class WindowCloseBenchmark {
    @Param({"1000", "10000"})
    public int windowRows;

    ReferenceProfile profile;
    DriftMonitor monitor;
    double[][] columns;

    @Setup(Level.Trial)
    public void data() {
        profile = MonitoringBenchData.profile(10_000);
        columns = MonitoringBenchData.columns(windowRows, 3, 0.05);
        monitor = DriftMonitor.builder(profile).timeWindow(Duration.ofDays(1)).build();
    }

    @Setup(Level.Invocation)
    public void fill() {
        monitor.observeColumns(columns, null);
    }

    @TearDown(Level.Trial)
    public void close() {
        monitor.close();
    }

    @Benchmark
    public DriftResult closeWindow() {
        return monitor.closeWindow();
    }
}
