package dev.mlops.benchmarks.monitoring;

import dev.mlops.monitoring.stats.Binning;
import dev.mlops.monitoring.stats.KolmogorovSmirnov;
import dev.mlops.monitoring.stats.Psi;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * KS (sorting included: the inputs are unsorted and copied), PSI from raw samples (decile edges, binning, formula) and
 * PSI from bin counts, at n = m = 1 000 (KS exact) and 100 000 (KS asymptotic). Baseline: copying both samples.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class StatisticsBenchmark {
    @Param({"1000", "100000"})
    public int n;

    double[] a;
    double[] b;
    long[] ca;
    long[] cb;

    @Setup
    public void data() {
        a = MonitoringBenchData.sample(n, 11, 0);
        b = MonitoringBenchData.sample(n, 12, 0.05);
        Binning bins = Binning.deciles(a);
        ca = bins.counts(a);
        cb = bins.counts(b);
    }

    @Benchmark
    public double copyBaseline() {
        double[] x = a.clone();
        double[] y = b.clone();
        return x[0] + y[0];
    }

    @Benchmark
    public double ksTest() {
        return KolmogorovSmirnov.test(a, b).pValue();
    }

    @Benchmark
    public double psiFromSamples() {
        return Psi.of(a, b);
    }

    @Benchmark
    public double psiFromCounts() {
        return Psi.ofCounts(ca, cb);
    }
}
