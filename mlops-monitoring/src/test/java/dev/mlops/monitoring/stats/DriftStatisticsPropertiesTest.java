package dev.mlops.monitoring.stats;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DriftStatisticsPropertiesTest {

    private static double[] arr(List<Double> l) {
        return l.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Property(tries = 200)
    void psiIsNonNegativeAndZeroForIdenticalSamples(
            @ForAll @Size(min = 1, max = 200) List<@DoubleRange(min = -1e6, max = 1e6) Double> a,
            @ForAll @Size(min = 1, max = 200) List<@DoubleRange(min = -1e6, max = 1e6) Double> b) {
        double[] x = arr(a);
        double[] y = arr(b);
        assertThat(Psi.of(x, y)).isGreaterThanOrEqualTo(0.0);
        assertThat(Psi.of(x, x)).isEqualTo(0.0);
    }

    @Property(tries = 200)
    void ksStatisticIsInUnitIntervalSymmetricAndPValueIsAProbability(
            @ForAll @Size(min = 1, max = 100) List<@DoubleRange(min = -100, max = 100) Double> a,
            @ForAll @Size(min = 1, max = 100) List<@DoubleRange(min = -100, max = 100) Double> b) {
        KolmogorovSmirnov.Result ab = KolmogorovSmirnov.test(arr(a), arr(b));
        KolmogorovSmirnov.Result ba = KolmogorovSmirnov.test(arr(b), arr(a));
        assertThat(ab.statistic()).isBetween(0.0, 1.0);
        assertThat(ab.pValue()).isBetween(0.0, 1.0);
        assertThat(ab.statistic()).isEqualTo(ba.statistic());
        assertThat(ab.pValue()).isCloseTo(ba.pValue(), within(1e-12));
    }

    @Property(tries = 200)
    void statisticsAreInvariantUnderPermutation(
            @ForAll @Size(min = 2, max = 100) List<@DoubleRange(min = -100, max = 100) Double> a,
            @ForAll @Size(min = 2, max = 100) List<@DoubleRange(min = -100, max = 100) Double> b,
            @ForAll long seed) {
        List<Double> pa = new ArrayList<>(a);
        List<Double> pb = new ArrayList<>(b);
        Collections.shuffle(pa, new Random(seed));
        Collections.shuffle(pb, new Random(seed + 1));
        assertThat(Psi.of(arr(pa), arr(pb))).isCloseTo(Psi.of(arr(a), arr(b)), within(1e-12));
        assertThat(KolmogorovSmirnov.statistic(arr(pa), arr(pb))).isEqualTo(KolmogorovSmirnov.statistic(arr(a), arr(b)));
        assertThat(Wasserstein.distance(arr(pa), arr(pb)))
                .isCloseTo(Wasserstein.distance(arr(a), arr(b)), within(1e-9));
    }

    @Property(tries = 200)
    void wassersteinAndJensenShannonAreSymmetricAndBounded(
            @ForAll @Size(min = 1, max = 100) List<@DoubleRange(min = -100, max = 100) Double> a,
            @ForAll @Size(min = 1, max = 100) List<@DoubleRange(min = -100, max = 100) Double> b) {
        double w = Wasserstein.distance(arr(a), arr(b));
        assertThat(w).isGreaterThanOrEqualTo(0.0).isCloseTo(Wasserstein.distance(arr(b), arr(a)), within(1e-9));
        Binning bins = Binning.deciles(arr(a));
        long[] ca = bins.counts(arr(a));
        long[] cb = bins.counts(arr(b));
        double js = JensenShannon.distance(ca, cb);
        assertThat(js).isBetween(0.0, 1.0).isCloseTo(JensenShannon.distance(cb, ca), within(1e-12));
        assertThat(JensenShannon.distance(ca, ca)).isEqualTo(0.0);
    }

    @Property(tries = 50)
    void sketchCdfStaysWithinItsStatedBound(@ForAll @Size(min = 1, max = 20000) List<@DoubleRange(min = -1e3, max = 1e3) Double> a) {
        double[] x = arr(a);
        QuantileSketch s = new QuantileSketch(64);
        s.update(x, 0, x.length);
        WeightedSample exact = WeightedSample.exact(x);
        WeightedSample sk = s.toSample();
        assertThat(sk.totalWeight()).isEqualTo(x.length);
        // the KS distance between the sketch and the exact sample is the largest CDF error
        assertThat(KolmogorovSmirnov.statistic(exact, sk)).isLessThanOrEqualTo(s.rankErrorBound() + 1e-12);
    }

    @Property(tries = 40)
    void mergedAndRestoredSketchesStayWithinTheirStatedBound(
            @ForAll @Size(min = 1, max = 20000) List<@DoubleRange(min = -1e3, max = 1e3) Double> a,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 7) int parts) {
        double[] x = arr(a);
        QuantileSketch merged = new QuantileSketch(32);
        int step = Math.max(1, x.length / parts);
        for (int from = 0; from < x.length; from += step) {
            QuantileSketch part = new QuantileSketch(32);
            for (int i = from; i < Math.min(x.length, from + step); i++) {
                part.update(x[i]);
            }
            QuantileSketch shipped = QuantileSketch.restore(part.k(), part.levels(), part.count(), part.absoluteError());
            merged.merge(shipped);
        }
        assertThat(merged.count()).isEqualTo(x.length);
        assertThat(KolmogorovSmirnov.statistic(WeightedSample.exact(x), merged.toSample()))
                .isLessThanOrEqualTo(merged.rankErrorBound() + 1e-12);
    }
}
