package dev.mlops.monitoring;

import dev.mlops.monitoring.internal.ReferenceCdf;
import dev.mlops.monitoring.stats.KolmogorovSmirnov;
import dev.mlops.monitoring.stats.WeightedSample;
import dev.mlops.monitoring.stats.Wasserstein;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Window evaluation (issue 22): exact one-pass statistics, scipy's numbers on large windows, off-thread by default. */
class WindowEvaluationTest {
    static double[] a(int n, long mul, long mod, double shift) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (i * mul % mod) / (double) mod + shift;
        }
        return x;
    }

    static String[] cycle(int n, String... values) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = values[i % values.length];
        }
        return out;
    }

    private static DriftResult evaluate(ReferenceProfile p, double[] window) {
        try (DriftMonitor m = DriftMonitor.builder(p).countWindow(Long.MAX_VALUE / 2).build()) {
            for (int i = 0; i < window.length; i += 4096) {
                m.observeColumns(new double[][]{java.util.Arrays.copyOfRange(window, i,
                        Math.min(window.length, i + 4096))}, null);
            }
            return m.evaluate(m.snapshot());
        }
    }

    @Test
    void aLargeWindowHasScipysStatisticsWithoutBeingSorted() {
        // def a(n, mul=7919, mod=10007, shift=0.0):
        //     i = np.arange(n, dtype=np.int64); return ((i*mul) % mod)/float(mod) + shift
        // ref = a(10000); cur = a(65536, 104729, 10009, 0.03)
        // stats.ks_2samp(ref, cur) -> (0.030194555664062497, 2.633446851504247e-07)
        // stats.wasserstein_distance(ref, cur) -> 0.029972230120349348
        ReferenceProfile p = ReferenceProfile.builder().numeric("x", a(10_000, 7919, 10007, 0)).build();
        FeatureDrift f = evaluate(p, a(65_536, 104729, 10009, 0.03)).feature("x");
        assertThat(f.ksStatistic()).isCloseTo(0.030194555664062497, within(1e-15));
        assertThat(f.ksPValue()).isCloseTo(2.633446851504247e-07, within(1e-17));
        assertThat(f.wasserstein()).isCloseTo(0.029972230120349348, within(1e-13));
        assertThat(f.ksRankErrorBound()).isZero();
        // cur = a(65536, 104729, 10009, 0.01) -> (0.010218359375, 0.32311542540622773), w 0.009972230120349347,
        // w / np.std(ref) -> 0.03454290979528468
        FeatureDrift g = evaluate(p, a(65_536, 104729, 10009, 0.01)).feature("x");
        assertThat(g.ksStatistic()).isCloseTo(0.010218359375, within(1e-15));
        assertThat(g.ksPValue()).isCloseTo(0.32311542540622773, within(1e-13));
        assertThat(g.wasserstein()).isCloseTo(0.009972230120349347, within(1e-13));
        assertThat(g.wassersteinNormed()).isCloseTo(0.03454290979528468, within(1e-12));
    }

    @Property(tries = 60)
    void theOnePassStatisticsEqualTheSortedMerge(@ForAll @IntRange(min = 1, max = 3000) int n,
                                                 @ForAll @IntRange(min = 1, max = 3000) int m,
                                                 @ForAll @IntRange(min = 1, max = 60) int distinct,
                                                 @ForAll long seed) {
        // few distinct values: ties within and across samples; some values outside the reference's range
        SplittableRandom r = new SplittableRandom(seed);
        double[] ref = new double[n];
        double[] cur = new double[m];
        for (int i = 0; i < n; i++) {
            ref[i] = r.nextInt(distinct) * 0.5 + (r.nextInt(4) == 0 ? r.nextDouble() : 0);
        }
        for (int i = 0; i < m; i++) {
            cur[i] = r.nextInt(distinct + 4) * 0.5 - 1 + (r.nextInt(3) == 0 ? r.nextDouble() : 0);
        }
        ReferenceCdf.Comparison c = new ReferenceCdf(WeightedSample.exact(ref)).compare(cur, cur.length);
        // the same max |R·m − C·n| / (n·m); it may differ from a floating-point |i/n − j/m| in the last bit
        assertThat(c.ksStatistic()).isCloseTo(KolmogorovSmirnov.statistic(ref, cur), within(1e-15));
        double w = Wasserstein.distance(ref, cur);
        assertThat(c.wasserstein()).isCloseTo(w, within(1e-12 * Math.max(1, w)));
    }

    @Test
    void scipysAsymptoticPValuesAreOneOptionAwayForSmallWindows() {
        double[] infl60 = MonitoringTestData.macro("infl", 1960, 1970);
        double[] infl00 = MonitoringTestData.macro("infl", 2000, 2010);
        ReferenceProfile p = ReferenceProfile.builder().numeric("infl", infl60).build();
        try (DriftMonitor auto = DriftMonitor.builder(p).countWindow(1_000).build();
             DriftMonitor asymp = DriftMonitor.builder(p).countWindow(1_000)
                     .ksPValues(KolmogorovSmirnov.Method.ASYMPTOTIC).build()) {
            auto.observeColumns(new double[][]{infl00}, null);
            asymp.observeColumns(new double[][]{infl00}, null);
            // stats.ks_2samp(infl60, infl00, method='auto') -> (0.2153846153846154, 0.26568714028172896)
            assertThat(auto.evaluate(auto.snapshot()).feature("infl").ksPValue())
                    .isCloseTo(0.26568714028172896, within(1e-12));
            // stats.ks_2samp(infl60, infl00, method='asymp') -> (0.21538461538461534, 0.27042216516779005)
            FeatureDrift f = asymp.evaluate(asymp.snapshot()).feature("infl");
            assertThat(f.ksStatistic()).isCloseTo(0.21538461538461534, within(1e-15));
            assertThat(f.ksPValue()).isCloseTo(0.27042216516779005, within(1e-12));
        }
    }

    @Test
    void resultsSayWhatEachStepCost() {
        ReferenceProfile p = ReferenceProfile.builder().numeric("x", a(1_000, 7919, 10007, 0))
                .categorical("c", cycle(1_000, "a", "b")).build();
        try (DriftMonitor m = DriftMonitor.builder(p).countWindow(1_000_000).build()) {
            m.observe(new double[]{0.5}, new String[]{"a"});
            m.observe(new double[]{0.7}, new String[]{"b"});
            DriftResult r = m.evaluate(m.snapshot());
            assertThat(r.feature("x").evaluationNanos()).containsOnlyKeys("bins", "ecdf", "ks_pvalue");
            assertThat(r.feature("x").evaluationNanos().values()).allSatisfy(v -> assertThat(v).isNotNegative());
            assertThat(r.feature("c").evaluationNanos()).containsOnlyKeys("categories");
            assertThat(r.feature("x").evaluationNanosTotal()).isPositive();
            assertThat(r.toJson()).doesNotContain("nanos");
        }
    }

    @Test
    void windowsAreEvaluatedOffTheObservingThreadWhichNeverWaits() throws Exception {
        ReferenceProfile p = ReferenceProfile.builder().numeric("x", a(1_000, 7919, 10007, 0)).build();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch first = new CountDownLatch(1);
        List<String> threads = new CopyOnWriteArrayList<>();
        List<Long> windows = new CopyOnWriteArrayList<>();
        DriftMonitor m = DriftMonitor.builder(p).countWindow(10).maxPendingEvaluations(2)
                .listener(new DriftListener() {
                    @Override
                    public void onWindow(DriftResult r) {
                        threads.add(Thread.currentThread().getName());
                        windows.add(r.window());
                        first.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }).build();
        // the listener blocks the evaluation thread; 6 windows close: 1 in evaluation, 2 queued, the rest skipped
        double[] col = a(10, 7919, 10007, 0);
        m.observeColumns(new double[][]{col}, null);
        assertThat(first.await(30, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 5; i++) {
            m.observeColumns(new double[][]{col}, null);
        }
        assertThat(m.rowsObserved()).isEqualTo(60);
        assertThat(m.windowsClosed()).isEqualTo(6);
        assertThat(m.windowsSkipped()).isEqualTo(3);
        release.countDown();
        m.close(); // waits for the queued windows
        assertThat(windows).containsExactly(0L, 1L, 2L);
        assertThat(threads).containsOnly("mlops-drift-evaluation");
        assertThat(threads).doesNotContain(Thread.currentThread().getName());
    }

    @Test
    void evaluationOnTheObservingThreadIsOneOptionAway() {
        ReferenceProfile p = ReferenceProfile.builder().numeric("x", a(1_000, 7919, 10007, 0)).build();
        List<String> threads = new ArrayList<>();
        try (DriftMonitor m = DriftMonitor.builder(p).countWindow(10).evaluateOnObservingThread()
                .listener(new DriftListener() {
                    @Override
                    public void onWindow(DriftResult r) {
                        threads.add(Thread.currentThread().getName());
                    }
                }).build()) {
            m.observeColumns(new double[][]{a(10, 7919, 10007, 0)}, null);
            assertThat(threads).containsExactly(Thread.currentThread().getName());
        }
    }
}
