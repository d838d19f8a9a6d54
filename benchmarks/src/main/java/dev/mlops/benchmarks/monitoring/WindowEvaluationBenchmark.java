package dev.mlops.benchmarks.monitoring;

import dev.mlops.monitoring.DriftListener;
import dev.mlops.monitoring.DriftMonitor;
import dev.mlops.monitoring.DriftResult;
import dev.mlops.monitoring.FeatureDrift;
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

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * observeColumns with window evaluation included (issue 22), values per second on one observing thread, count windows
 * of 65 536 rows, 20 or 30 numeric features, reference 10 000 rows, window data shifted by 0.1 σ (every feature
 * drifts, so the KS p-value takes its costlier branch). Modes: {@code ingest} (a no-op evaluation executor: ingest
 * only), {@code inline} (evaluateOnObservingThread: the observing thread does all the work, so its throughput is
 * values per CPU-second of the whole monitor), {@code default} (the monitor's own evaluation thread; on 2 cores it
 * shares the CPU with the benchmark thread). {@code copyBaseline}: copying the same values (memory floor). At the end
 * of an inline trial the average CPU time of each evaluation step per window is printed, and after every
 * iteration the values per CPU-second of the process (all threads) and of the benchmark thread: on a shared machine
 * the JMH score (per wall-clock second) mostly measures the wait for a core, CPU time measures the cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Xms1g"})
@Threads(1)
public class WindowEvaluationBenchmark {
    static final int BATCH = 1024;

    @Param({"20", "30"})
    public int features;

    @Param({"ingest", "inline", "default"})
    public String mode;

    ReferenceProfile profile;
    DriftMonitor monitor;
    double[][] columns;
    double[] sink;
    int sinkPos;
    final Map<String, long[]> steps = new TreeMap<>();
    long windows;

    @Setup(Level.Trial)
    public void data() {
        SplittableRandom r = new SplittableRandom(1);
        ReferenceProfile.Builder b = ReferenceProfile.builder();
        for (int f = 0; f < features; f++) {
            double[] v = new double[10_000];
            for (int i = 0; i < v.length; i++) {
                v[i] = MonitoringBenchData.gaussian(r) + f;
            }
            b.numeric("f" + f, v);
        }
        profile = b.build();
        // 64 distinct batches, so a window is not 64 copies of one batch
        columns = new double[features][BATCH * 64];
        for (int f = 0; f < features; f++) {
            for (int i = 0; i < columns[f].length; i++) {
                columns[f][i] = MonitoringBenchData.gaussian(r) + f + 0.1;
            }
        }
        sink = new double[1 << 24];
        DriftMonitor.Builder mb = DriftMonitor.builder(profile).countWindow(65_536);
        if ("ingest".equals(mode)) {
            mb.evaluationExecutor(x -> { });
        } else if ("inline".equals(mode)) {
            mb.evaluateOnObservingThread().listener(new DriftListener() {
                @Override
                public void onWindow(DriftResult result) {
                    windows++;
                    for (FeatureDrift fd : result.features()) {
                        fd.evaluationNanos().forEach((k, v) -> steps.computeIfAbsent(k, x -> new long[1])[0] += v);
                    }
                }
            });
        }
        monitor = mb.build();
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();
    private long cpu0;
    private long threadCpu0;
    private long rows0;
    private long copies;

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Starts the iteration's CPU accounting (the machine is shared: CPU time, not wall time, is the cost). */
    @Setup(Level.Iteration)
    public void cpuStart() {
        cpu0 = processCpu();
        threadCpu0 = THREADS.getCurrentThreadCpuTime();
        rows0 = monitor.rowsObserved() + copies;
    }

    /**
     * Prints the iteration's values per CPU-second: of the whole process (every thread: the evaluation thread, JIT
     * and GC included) and of the benchmark thread alone.
     */
    @TearDown(Level.Iteration)
    public void cpuEnd(org.openjdk.jmh.infra.BenchmarkParams params) {
        double values = (double) (monitor.rowsObserved() + copies - rows0) * features;
        double process = (processCpu() - cpu0) / 1e9;
        double thread = (THREADS.getCurrentThreadCpuTime() - threadCpu0) / 1e9;
        String name = params.getBenchmark().replaceAll(".*\\.", "");
        System.out.printf(" [cpu %s %d %s: %.1f M values per process CPU-second, %.1f M per benchmark-thread"
                + " CPU-second]%n", name, features, mode, values / process / 1e6, values / thread / 1e6);
    }

    @TearDown(Level.Trial)
    public void close() {
        monitor.close();
        if (windows > 0) {
            StringBuilder s = new StringBuilder("evaluation per window (" + features + " features, " + windows
                    + " windows):");
            steps.forEach((k, v) -> s.append(String.format(" %s %.2f ms", k, v[0] / 1e6 / windows)));
            System.out.println(s);
        }
    }

    private int offset;

    /** Baseline: copy the batch's values into a large array; ops are rows, as for observeColumns. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double copyBaseline() {
        int p = sinkPos;
        int o = offset;
        for (double[] c : columns) {
            if (p + BATCH > sink.length) {
                p = 0;
            }
            System.arraycopy(c, o, sink, p, BATCH);
            p += BATCH;
        }
        offset = (o + BATCH) % columns[0].length;
        sinkPos = p;
        copies += BATCH;
        return sink[p - 1];
    }

    /** observeColumns of one 1 024-row batch (pre-sliced); ops are rows, multiply by the feature count for values. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void observeColumns() {
        int o = offset;
        monitor.observeColumns(slice(o), null);
        offset = (o + BATCH) % columns[0].length;
    }

    private final Map<Integer, double[][]> slices = new java.util.HashMap<>();

    private double[][] slice(int o) {
        return slices.computeIfAbsent(o, k -> {
            double[][] b = new double[features][];
            for (int f = 0; f < features; f++) {
                b[f] = java.util.Arrays.copyOfRange(columns[f], k, k + BATCH);
            }
            return b;
        });
    }
}
