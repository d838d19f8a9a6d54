package dev.mlops.benchmarks.monitoring;

import dev.mlops.monitoring.DriftMonitor;
import dev.mlops.monitoring.ReferenceProfile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * DriftMonitor.observe throughput in values per second (20 numeric features). Count windows of 65 536 rows roll over
 * during the run (new window, stripes, growing buffers: included); window evaluation is excluded (a no-op evaluation
 * executor; see WindowCloseBenchmark). "exact" mode: every value is binned, missing-checked and copied into the
 * window's exact buffer (exact limit 100 000, never reached). "sketch" mode: exact limit 4 096 per stripe, beyond which
 * values go into the quantile sketch in batches, so the figure includes sketch updates. Baseline: copying the same
 * values into an array (the memory-bandwidth floor).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Xms1g"})
public class ObserveBenchmark {
    static final int BATCH = 1024;
    static final int VALUES_PER_BATCH = BATCH * MonitoringBenchData.FEATURES;

    @Param({"exact", "sketch"})
    public String mode;

    ReferenceProfile profile;
    DriftMonitor monitor;
    double[][] columns;
    double[][] rows;
    double[] sink;
    int sinkPos;

    @Setup(Level.Trial)
    public void data() {
        profile = MonitoringBenchData.profile(10_000);
        columns = MonitoringBenchData.columns(BATCH, 2, 0.1);
        rows = new double[BATCH][MonitoringBenchData.FEATURES];
        for (int i = 0; i < BATCH; i++) {
            for (int f = 0; f < MonitoringBenchData.FEATURES; f++) {
                rows[i][f] = columns[f][i];
            }
        }
        sink = new double[1 << 24];
    }

    @Setup(Level.Iteration)
    public void monitor() {
        if (monitor != null) {
            monitor.close();
        }
        monitor = DriftMonitor.builder(profile).countWindow(65_536)
                .evaluationExecutor(r -> { })
                .exactLimit("exact".equals(mode) ? 100_000 : 4_096).build();
    }

    @TearDown(Level.Iteration)
    public void drop() {
        monitor.close();
        monitor = null;
    }

    /** Baseline: copy the batch's values into a large array (what any approach must at least do). */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(VALUES_PER_BATCH)
    public double copyBaseline() {
        int p = sinkPos;
        for (double[] c : columns) {
            if (p + BATCH > sink.length) {
                p = 0;
            }
            System.arraycopy(c, 0, sink, p, BATCH);
            p += BATCH;
        }
        sinkPos = p;
        return sink[p - 1];
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(VALUES_PER_BATCH)
    public void columns1Thread() {
        monitor.observeColumns(columns, null);
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(VALUES_PER_BATCH)
    public void columns2Threads() {
        monitor.observeColumns(columns, null);
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(VALUES_PER_BATCH)
    public void rows1Thread() {
        DriftMonitor m = monitor;
        for (double[] r : rows) {
            m.observe(r);
        }
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(VALUES_PER_BATCH)
    public void rows2Threads() {
        DriftMonitor m = monitor;
        for (double[] r : rows) {
            m.observe(r);
        }
    }
}
