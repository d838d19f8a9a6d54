package dev.mlops.monitoring.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EdgeCasesTest {
    private static final double NAN = Double.NaN;

    @Test
    void emptyOrAllMissingInputsGiveNotComputableResultsInsteadOfExceptions() {
        double[] empty = {};
        double[] allNaN = {NAN, NAN};
        double[] some = {1, 2, 3};
        assertThat(Psi.of(some, empty)).isNaN();
        assertThat(Psi.of(some, allNaN)).isNaN();
        assertThat(Psi.of(empty, some)).isNaN();
        KolmogorovSmirnov.Result ks = KolmogorovSmirnov.test(some, allNaN);
        assertThat(ks.computable()).isFalse();
        assertThat(ks.m()).isZero();
        assertThat(Wasserstein.distance(some, empty)).isNaN();
        assertThat(JensenShannon.distance(some, empty)).isNaN();
        assertThat(CategoricalComparison.compare(new String[]{"a"}, new String[]{null}).chi2PValue()).isNaN();
    }

    @Test
    void infinitiesLandInTheOpenEndedOuterBins() {
        Binning b = Binning.ofEdges(0, 1);
        assertThat(b.binOf(Double.NEGATIVE_INFINITY)).isZero();
        assertThat(b.binOf(Double.POSITIVE_INFINITY)).isEqualTo(2);
        assertThat(b.binOf(0)).isEqualTo(1);   // [0, 1)
        assertThat(b.binOf(1)).isEqualTo(2);   // [1, +inf)
        assertThat(b.binOf(NAN)).isEqualTo(-1);
        assertThat(b.counts(new double[]{Double.NEGATIVE_INFINITY, 0.5, NAN, Double.POSITIVE_INFINITY}))
                .containsExactly(1, 1, 1);
    }

    @Test
    void constantReferenceHasDuplicateEdgesAndEverythingInOneBin() {
        double[] c = {5, 5, 5, 5};
        Binning b = Binning.deciles(c);
        assertThat(b.edges()).containsOnly(5.0).hasSize(9);
        assertThat(b.counts(c)).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 4);
        assertThat(Psi.of(c, c)).isZero();
        assertThat(Wasserstein.normalised(c, c)).isZero();
        assertThat(Wasserstein.normalised(c, new double[]{5, 6})).isNaN();
        assertThat(Wasserstein.distance(c, new double[]{5, 6})).isCloseTo(0.5, within(1e-15));
    }

    @Test
    void singleValuesAreComparable() {
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(new double[]{1}, new double[]{2});
        // stats.ks_2samp([1], [2]) -> (1.0, 1.0)
        assertThat(r.statistic()).isEqualTo(1.0);
        assertThat(r.pValue()).isEqualTo(1.0);
        assertThat(Wasserstein.distance(new double[]{1}, new double[]{2})).isEqualTo(1.0);
        // stats.ks_2samp([1], [0.5, 1.5, 2.5, 3.5]) -> (0.75, 0.8); ks_2samp([1], [2, 3, 4]) -> (1.0, 0.5)
        KolmogorovSmirnov.Result a = KolmogorovSmirnov.test(new double[]{1}, new double[]{0.5, 1.5, 2.5, 3.5});
        assertThat(a.statistic()).isEqualTo(0.75);
        assertThat(a.pValue()).isCloseTo(0.8, within(1e-15));
        KolmogorovSmirnov.Result b = KolmogorovSmirnov.test(new double[]{2, 3, 4}, new double[]{1});
        assertThat(b.statistic()).isEqualTo(1.0);
        assertThat(b.pValue()).isCloseTo(0.5, within(1e-15));
    }

    @Test
    void psiFloorsEmptyBinsAtOneInTenThousandWithoutRenormalising() {
        // r' = [0.5, 0.5, 1e-4], c' = [0.5, 0.25, 0.25]:
        double psi = Psi.ofCounts(new long[]{2, 2, 0}, new long[]{2, 1, 1});
        // python: (0.25-0.5)*np.log(0.25/0.5) + (0.25-1e-4)*np.log(0.25/1e-4) -> 2.1285158932529735
        assertThat(psi).isCloseTo(2.1285158932529735, within(1e-12));
    }

    @Test
    void categoricalWithOneCategoryHasNoEvidenceOfChange() {
        CategoricalComparison.Result r = CategoricalComparison.compare(new String[]{"a", "a"}, new String[]{"a", null});
        assertThat(r.chi2Statistic()).isZero();
        assertThat(r.chi2PValue()).isEqualTo(1.0);
        assertThat(r.psi()).isZero();
    }

    @Test
    void sketchMergeAddsCountsAndKeepsTheBound() {
        QuantileSketch a = new QuantileSketch(16);
        QuantileSketch b = new QuantileSketch(16);
        double[] all = new double[2000];
        for (int i = 0; i < 1000; i++) {
            a.update(i);
            b.update(1000 + i);
            all[i] = i;
            all[1000 + i] = 1000 + i;
        }
        a.merge(b);
        assertThat(a.count()).isEqualTo(2000);
        assertThat(a.rankErrorBound()).isPositive().isLessThan(0.5);
        assertThat(KolmogorovSmirnov.statistic(WeightedSample.exact(all), a.toSample()))
                .isLessThanOrEqualTo(a.rankErrorBound());
        assertThat(a.quantile(0.5)).isCloseTo(1000, within(2000 * a.rankErrorBound() + 1));
    }
}
