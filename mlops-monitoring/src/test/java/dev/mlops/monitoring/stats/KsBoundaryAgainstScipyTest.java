package dev.mlops.monitoring.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * KS at scipy's exact/asymptotic boundary (issue 22): {@code ks_2samp(method='auto')} is exact up to
 * max(n, m) = 10 000 included, and its asymptotic p-value rounds n·m/(n+m) half to even.
 *
 * <pre>
 * def a(n, mul=7919, mod=10007, shift=0.0):
 *     i = np.arange(n, dtype=np.int64); return ((i*mul) % mod)/float(mod) + shift
 * stats.ks_2samp(a(n), a(m, 104729, 10009, 0.02), method='auto')
 * </pre>
 */
class KsBoundaryAgainstScipyTest {
    static double[] a(int n, long mul, long mod, double shift) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (i * mul % mod) / (double) mod + shift;
        }
        return x;
    }

    private static KolmogorovSmirnov.Result ks(int n, int m) {
        return KolmogorovSmirnov.test(a(n, 7919, 10007, 0), a(m, 104729, 10009, 0.02));
    }

    @Test
    void justBelowTheBoundaryIsExact() {
        // -> (0.02071583408340834, 0.043305810190818486)
        KolmogorovSmirnov.Result r = ks(9_999, 8_000);
        assertThat(r.exact()).isTrue();
        assertThat(r.statistic()).isCloseTo(0.02071583408340834, within(1e-15));
        assertThat(r.pValue()).isCloseTo(0.043305810190818486, within(1e-14));
    }

    @Test
    void atTheBoundaryScipyIsStillExactAndSoAreWe() {
        // -> (0.020675, 0.044156561878403146): exact (the old code gave the asymptotic p and said exact=true)
        KolmogorovSmirnov.Result r = ks(10_000, 8_000);
        assertThat(r.exact()).isTrue();
        assertThat(r.statistic()).isCloseTo(0.020675, within(1e-15));
        assertThat(r.pValue()).isCloseTo(0.044156561878403146, within(1e-14));
    }

    @Test
    void justAboveTheBoundaryIsAsymptoticAndSaysSo() {
        // -> (0.020682769223077657, 0.04399136685152205)
        KolmogorovSmirnov.Result r = ks(10_001, 8_000);
        assertThat(r.exact()).isFalse();
        assertThat(r.statistic()).isCloseTo(0.020682769223077657, within(1e-15));
        assertThat(r.pValue()).isCloseTo(0.04399136685152205, within(1e-14));
    }

    @Test
    void halfIntegerEffectiveSizeRoundsHalfToEvenAsNumpy() {
        // n = m = 10001: n·m/(n+m) = 5000.5 -> np.round gives 5000
        // -> (0.020197980201979826, 0.0333700399040221); kstwo.sf(d, 5001) would be 0.033342821740340645
        KolmogorovSmirnov.Result r = ks(10_001, 10_001);
        assertThat(r.exact()).isFalse();
        assertThat(r.statistic()).isCloseTo(0.020197980201979826, within(1e-15));
        assertThat(r.pValue()).isCloseTo(0.0333700399040221, within(1e-14));
        assertThat(KolmogorovSmirnov.asymptoticPValue(r.statistic(), 10_001, 10_001))
                .isCloseTo(0.0333700399040221, within(1e-14));
    }

    @Test
    void kolmogorovSurvivalFunctionMatchesScipyOnBothSidesOfItsMethodSwitch() {
        // stats.kstwo.sf(d, n): n·d² = 2.42 (2·smirnov) and 0.87 (Commons' two-sided distribution)
        assertThat(KolmogorovSmirnov.kolmogorovSf(0.0167, 8672)).isCloseTo(0.015682168044487767, within(1e-14));
        assertThat(KolmogorovSmirnov.kolmogorovSf(0.03, 8672)).isCloseTo(3.250842184831163e-07, within(1e-18));
        assertThat(KolmogorovSmirnov.kolmogorovSf(0.1, 8672)).isCloseTo(6.047915868262505e-76, within(1e-86));
        assertThat(KolmogorovSmirnov.kolmogorovSf(0.03, 50000)).isCloseTo(1.5783051787103078e-39, within(1e-49));
        assertThat(KolmogorovSmirnov.kolmogorovSf(0.01, 8672)).isCloseTo(0.3487795023973197, within(1e-14));
    }
}
