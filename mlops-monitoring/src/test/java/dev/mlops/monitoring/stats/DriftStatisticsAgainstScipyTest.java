package dev.mlops.monitoring.stats;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every literal below was computed once with numpy 2.4 / scipy 1.17 (script: see each comment). Data: macrodata
 * 1960–1969 (40 quarters) vs 2000–2009 (39), co2 weekly (with missing values), iris species.
 * Python helpers used in the comments:
 * <pre>
 * def psi(r, c, bins=10):
 *     r = r[~np.isnan(r)]; c = c[~np.isnan(c)]
 *     e = np.quantile(r, np.arange(1, bins) / bins)
 *     rc = np.bincount(np.searchsorted(e, r, side='right'), minlength=bins)
 *     cc = np.bincount(np.searchsorted(e, c, side='right'), minlength=bins)
 *     rp = np.maximum(rc / rc.sum(), 1e-4); cp = np.maximum(cc / cc.sum(), 1e-4)
 *     return np.sum((cp - rp) * np.log(cp / rp))
 * </pre>
 */
class DriftStatisticsAgainstScipyTest {
    private static final double TOL = 1e-12;

    private final double[] infl60 = TestData.macro("infl", 1960, 1970);
    private final double[] infl00 = TestData.macro("infl", 2000, 2010);
    private final double[] unemp60 = TestData.macro("unemp", 1960, 1970);
    private final double[] unemp00 = TestData.macro("unemp", 2000, 2010);
    private final double[] realint60 = TestData.macro("realint", 1960, 1970);
    private final double[] realint00 = TestData.macro("realint", 2000, 2010);

    @Test
    void macrodataSamplesHaveTheExpectedSizes() {
        assertThat(infl60).hasSize(40);
        assertThat(infl00).hasSize(39);
    }

    @Test
    void psiMatchesNumpyOnMacrodataDecades() {
        // psi(s60['infl'], s00['infl']) -> 1.7372428435350216
        assertThat(Psi.of(infl60, infl00)).isCloseTo(1.7372428435350216, within(TOL));
        // psi(s60['unemp'], s00['unemp']) -> 1.976688169380176
        assertThat(Psi.of(unemp60, unemp00)).isCloseTo(1.976688169380176, within(TOL));
        // psi(s60['realint'], s00['realint']) -> 1.0960853686993246
        assertThat(Psi.of(realint60, realint00)).isCloseTo(1.0960853686993246, within(TOL));
    }

    @Test
    void decileBinCountsMatchNumpySearchsorted() {
        Binning b = Binning.deciles(unemp60);
        // np.bincount(np.searchsorted(np.quantile(r, np.arange(1,10)/10), r, side='right'), minlength=10)
        assertThat(b.counts(unemp60)).containsExactly(3, 4, 2, 7, 4, 2, 3, 4, 7, 4);
        assertThat(b.counts(unemp00)).containsExactly(0, 0, 0, 4, 13, 2, 4, 1, 11, 4);
    }

    @Test
    void psiIsZeroForIdenticalSamples() {
        assertThat(Psi.of(infl60, infl60)).isEqualTo(0.0);
    }

    @Test
    void ksMatchesScipyExactModeOnMacrodata() {
        // stats.ks_2samp(s60['infl'], s00['infl'], method='auto') -> (0.2153846153846154, 0.26568714028172896)
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(infl60, infl00);
        assertThat(r.statistic()).isCloseTo(0.2153846153846154, within(TOL));
        assertThat(r.pValue()).isCloseTo(0.26568714028172896, within(1e-12));
        assertThat(r.exact()).isTrue();
        // stats.ks_2samp(s60['unemp'], s00['unemp']) -> (0.35, 0.009309062930700983)
        KolmogorovSmirnov.Result u = KolmogorovSmirnov.test(unemp60, unemp00);
        assertThat(u.statistic()).isCloseTo(0.35, within(TOL));
        assertThat(u.pValue()).isCloseTo(0.009309062930700983, within(1e-13));
        // stats.ks_2samp(s60['realint'], s00['realint']) -> (0.4128205128205128, 0.0017790256678683909)
        KolmogorovSmirnov.Result ri = KolmogorovSmirnov.test(realint60, realint00);
        assertThat(ri.statistic()).isCloseTo(0.4128205128205128, within(TOL));
        assertThat(ri.pValue()).isCloseTo(0.0017790256678683909, within(1e-14));
    }

    @Test
    void ksWithTiesMatchesScipyOnIrisSepalWidth() {
        double[] s0 = TestData.irisSepalWidth(0);
        double[] s1 = TestData.irisSepalWidth(1);
        double[] s2 = TestData.irisSepalWidth(2);
        // stats.ks_2samp(sw[target==0], sw[target==1]) -> (0.68, 2.6679407140599687e-11)
        KolmogorovSmirnov.Result a = KolmogorovSmirnov.test(s0, s1);
        assertThat(a.statistic()).isCloseTo(0.68, within(TOL));
        assertThat(a.pValue()).isCloseTo(2.6679407140599687e-11, within(1e-20));
        // stats.ks_2samp(sw[target==1], sw[target==2]) -> (0.26, 0.06779471096995852)
        KolmogorovSmirnov.Result b = KolmogorovSmirnov.test(s1, s2);
        assertThat(b.statistic()).isCloseTo(0.26, within(TOL));
        assertThat(b.pValue()).isCloseTo(0.06779471096995852, within(1e-13));
    }

    @Test
    void missingValuesInCo2AreExcludedAndTheStatisticsMatchScipy() {
        double[] early = TestData.co2(0, 1100);
        double[] late = TestData.co2(1100, 2200);
        // np.isnan(x[:1100]).sum(), np.isnan(x[1100:2200]).sum() -> 54, 5
        assertThat(Arrays.stream(early).filter(Double::isNaN).count()).isEqualTo(54);
        assertThat(Arrays.stream(late).filter(Double::isNaN).count()).isEqualTo(5);
        // psi(x[:1100], x[1100:2200]) -> 8.024913232770134
        assertThat(Psi.of(early, late)).isCloseTo(8.024913232770134, within(1e-11));
        // stats.ks_2samp(r[~nan], c[~nan], method='auto') -> (0.9451347599465675, 0.0)  (exact mode: n, m <= 10000)
        KolmogorovSmirnov.Result ks = KolmogorovSmirnov.test(early, late);
        assertThat(ks.n()).isEqualTo(1046);
        assertThat(ks.m()).isEqualTo(1095);
        assertThat(ks.statistic()).isCloseTo(0.9451347599465675, within(TOL));
        assertThat(ks.pValue()).isEqualTo(0.0);
        // stats.wasserstein_distance(r[~nan], c[~nan]) -> 28.024697084784826; / np.std(r[~nan]) -> 4.358470095432774
        assertThat(Wasserstein.distance(early, late)).isCloseTo(28.024697084784826, within(1e-9));
        assertThat(Wasserstein.normalised(early, late)).isCloseTo(4.358470095432774, within(1e-10));
        // jensenshannon(rc, cc, base=2) on the PSI bins -> 0.867329729698245
        assertThat(JensenShannon.distance(early, late)).isCloseTo(0.867329729698245, within(TOL));
    }

    @Test
    void co2EarlyVsLateMatchesScipy() {
        double[] early = TestData.co2(0, 500);
        double[] late = TestData.co2(2284 - 500, 2284);
        // psi(x[:500], x[-500:]) -> 8.105527089010153
        assertThat(Psi.of(early, late)).isCloseTo(8.105527089010153, within(1e-11));
        // stats.ks_2samp(...) -> (1.0, 2.855839040785399e-283)
        KolmogorovSmirnov.Result ks = KolmogorovSmirnov.test(early, late);
        assertThat(ks.statistic()).isEqualTo(1.0);
        assertThat(ks.pValue()).isCloseTo(2.855839040785399e-283, within(1e-290));
        // wasserstein_distance -> 45.05679865771812, / np.std -> 16.61886308783795, js -> 0.8613539488177653
        assertThat(Wasserstein.distance(early, late)).isCloseTo(45.05679865771812, within(1e-9));
        assertThat(Wasserstein.normalised(early, late)).isCloseTo(16.61886308783795, within(1e-10));
        assertThat(JensenShannon.distance(early, late)).isCloseTo(0.8613539488177653, within(TOL));
    }

    @Test
    void wassersteinAndJensenShannonMatchScipyOnMacrodata() {
        // stats.wasserstein_distance(s60['infl'], s00['infl']) -> 0.9824423076923077; / np.std(s60) -> 0.5162252963885664
        assertThat(Wasserstein.distance(infl60, infl00)).isCloseTo(0.9824423076923077, within(TOL));
        assertThat(Wasserstein.normalised(infl60, infl00)).isCloseTo(0.5162252963885664, within(TOL));
        // unemp: 0.6328846153846153, 0.5915988386712775; realint: 1.8014230769230772, 1.6129668051443646
        assertThat(Wasserstein.distance(unemp60, unemp00)).isCloseTo(0.6328846153846153, within(TOL));
        assertThat(Wasserstein.normalised(unemp60, unemp00)).isCloseTo(0.5915988386712775, within(TOL));
        assertThat(Wasserstein.distance(realint60, realint00)).isCloseTo(1.8014230769230772, within(TOL));
        assertThat(Wasserstein.normalised(realint60, realint00)).isCloseTo(1.6129668051443646, within(TOL));
        // jensenshannon(rc, cc, base=2) -> infl 0.40329515275535294, unemp 0.44143033009195054, realint 0.4266303734926604
        assertThat(JensenShannon.distance(infl60, infl00)).isCloseTo(0.40329515275535294, within(TOL));
        assertThat(JensenShannon.distance(unemp60, unemp00)).isCloseTo(0.44143033009195054, within(TOL));
        assertThat(JensenShannon.distance(realint60, realint00)).isCloseTo(0.4266303734926604, within(TOL));
    }

    @Test
    void irisSepalWidthPsiWassersteinAndJsMatchNumpy() {
        double[] s1 = TestData.irisSepalWidth(1);
        double[] s2 = TestData.irisSepalWidth(2);
        // psi(s1, s2) -> 1.2337516332408642; wasserstein -> 0.20400000000000001; normed -> 0.6566992355792435;
        // js -> 0.35549834822675375
        assertThat(Psi.of(s1, s2)).isCloseTo(1.2337516332408642, within(TOL));
        assertThat(Wasserstein.distance(s1, s2)).isCloseTo(0.20400000000000001, within(TOL));
        assertThat(Wasserstein.normalised(s1, s2)).isCloseTo(0.6566992355792435, within(TOL));
        assertThat(JensenShannon.distance(s1, s2)).isCloseTo(0.35549834822675375, within(TOL));
    }

    @Test
    void categoricalComparisonMatchesScipyAndCountsUnseenCategories() {
        String[] target = TestData.IRIS.text("target");
        for (int i = 0; i < target.length; i++) {
            target[i] = String.valueOf((int) Double.parseDouble(target[i]));
        }
        String[] ref = Arrays.copyOfRange(target, 0, 100);
        String[] cur = Arrays.copyOfRange(target, 50, 150);
        CategoricalComparison.Result r = CategoricalComparison.compare(ref, cur);
        assertThat(r.categories()).containsExactly("0", "1", "2");
        assertThat(r.referenceCounts()).containsExactly(50, 50, 0);
        assertThat(r.currentCounts()).containsExactly(0, 50, 50);
        // rp, cp floored at 1e-4; np.sum((cp-rp)*np.log(cp/rp)) -> 8.515489752777954
        assertThat(r.psi()).isCloseTo(8.515489752777954, within(TOL));
        // jensenshannon([50,50,0],[0,50,50], base=2) -> 0.7071067811865476
        assertThat(r.jsDistance()).isCloseTo(0.7071067811865476, within(TOL));
        // stats.chi2_contingency([[50,50,0],[0,50,50]], correction=False) -> (100.0, 1.9287498479639183e-22)
        assertThat(r.chi2Statistic()).isCloseTo(100.0, within(1e-10));
        assertThat(r.chi2PValue()).isCloseTo(1.9287498479639183e-22, within(1e-30));
        assertThat(r.unseenCategories()).isEqualTo(List.of("2"));
        assertThat(r.unseenCount()).isEqualTo(50);
    }

    @Test
    void benjaminiHochbergMatchesScipyFalseDiscoveryControl() {
        double[] p = {0.01, 0.04, 0.03, 0.2, 0.001};
        // stats.false_discovery_control([0.01,0.04,0.03,0.2,0.001], method='bh') -> [0.025, 0.05, 0.05, 0.2, 0.005]
        assertThat(PValueCorrection.BENJAMINI_HOCHBERG.adjust(p))
                .containsExactly(new double[]{0.025, 0.05, 0.05, 0.2, 0.005}, within(1e-15));
        assertThat(PValueCorrection.BONFERRONI.adjust(p))
                .containsExactly(new double[]{0.05, 0.2, 0.15, 1.0, 0.005}, within(1e-15));
    }

    @Test
    void sampleSizeAwarePsiThresholdIsTheChiSquareQuantileScaled() {
        // (1/500 + 1/400) * stats.chi2.isf(0.05, 9) -> 0.07613539922079204
        assertThat(PsiThreshold.sampleSizeAware(0.05).value(500, 400, 10))
                .isCloseTo(0.07613539922079204, within(1e-12));
        assertThat(PsiThreshold.atLeast(0.1, 0.05).value(500, 400, 10)).isEqualTo(0.1);
    }

    @Test
    void asymptoticKsMatchesScipyForLargeSamples() {
        double[] g = new double[30000];
        double[] h = new double[20000];
        for (int i = 0; i < g.length; i++) {
            g[i] = Math.sin(i * 0.001);
        }
        for (int i = 0; i < h.length; i++) {
            h[i] = Math.sin(i * 0.0011) + 0.01;
        }
        // g=np.sin(np.arange(30000)*0.001); h=np.sin(np.arange(20000)*0.0011)+0.01
        // stats.ks_2samp(g, h, method='auto') -> (0.0514, 5.40914679158188e-28)
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(g, h);
        assertThat(r.exact()).isFalse();
        assertThat(r.statistic()).isCloseTo(0.0514, within(1e-12));
        assertThat(r.pValue()).isCloseTo(5.40914679158188e-28, within(1e-38));
        // the p-value from D alone: stats.kstwo.sf(0.0514, round(30000*20000/50000)) is the same number
        assertThat(KolmogorovSmirnov.asymptoticPValue(0.0514, 30000, 20000))
                .isCloseTo(5.40914679158188e-28, within(1e-37));
        // stats.kstwo.sf(0.02, 12000) -> 0.00013357286372337897
        assertThat(KolmogorovSmirnov.asymptoticPValue(0.02, 30000, 20000))
                .isCloseTo(0.00013357286372337897, within(1e-15));
    }
}
