package dev.mlops.monitoring;

import dev.mlops.monitoring.stats.CategoricalComparison;
import dev.mlops.monitoring.stats.Wasserstein;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Drift on pathological data (issue 20 items 14 and 15, issue 21 item 4). */
class PathologicalDataTest {
    private static double[] a(int n, long mul, long mod) {
        return WindowEvaluationTest.a(n, mul, mod, 0);
    }

    private static double[] mostlyInfinite() {
        double[] cur = a(500, 104729, 10009);
        for (int i = 0; i < 400; i++) {
            cur[i] = Double.POSITIVE_INFINITY;
        }
        for (int i = 400; i < 410; i++) {
            cur[i] = Double.NEGATIVE_INFINITY;
        }
        return cur;
    }

    @Test
    void infinitiesAreCountedAndEachStatisticTreatsThemAsScipyDoes() {
        // ref = a(1000); cur = a(500, 104729, 10009); cur[:400] = np.inf; cur[400:410] = -np.inf
        // stats.ks_2samp(ref, cur) -> (0.8, 6.203353312421157e-215); stats.wasserstein_distance(ref, cur) -> nan
        ReferenceProfile p = ReferenceProfile.builder().numeric("x", a(1000, 7919, 10007)).build();
        FeatureDrift f;
        try (DriftMonitor m = DriftMonitor.builder(p).countWindow(1_000_000).build()) {
            m.observeColumns(new double[][]{mostlyInfinite()}, null);
            f = m.evaluate(m.snapshot()).feature("x");
        }
        assertThat(f.infiniteCurrent()).isEqualTo(410);
        assertThat(f.infiniteReference()).isZero();
        assertThat(f.currentCount()).isEqualTo(500);
        assertThat(f.ksStatistic()).isCloseTo(0.8, within(1e-15));
        assertThat(f.ksPValue()).isCloseTo(6.203353312421157e-215, within(1e-225));
        assertThat(f.wasserstein()).isNull();
        assertThat(f.wassersteinNormed()).isNull();
        assertThat(f.note()).contains("410 current values are infinite");
        assertThat(f.drifted()).isTrue();
        assertThat(Wasserstein.distance(a(1000, 7919, 10007), mostlyInfinite())).isNaN();
        assertThat(DriftResultJson.of(f)).contains("\"infinite_current\" : 410");
    }

    @Test
    void twoFullyDisjointCategoricalSamplesAreDriftedWhateverTheirCardinality() {
        int n = 20_000;
        String[] ref = new String[n];
        String[] cur = new String[n];
        for (int i = 0; i < n; i++) {
            ref[i] = "r" + i;
            cur[i] = "c" + i;
        }
        ReferenceProfile p = ReferenceProfile.builder().categorical("id", ref).build();
        ReferenceProfile.FeatureProfile fp = p.feature("id");
        assertThat(fp.categories()).hasSize(ReferenceProfile.DEFAULT_MAX_CATEGORIES);
        assertThat(fp.otherCount()).isEqualTo(n - ReferenceProfile.DEFAULT_MAX_CATEGORIES);
        assertThat(p.toJson().length()).isLessThan(100_000);
        DriftResult r;
        try (DriftMonitor m = DriftMonitor.builder(p).countWindow(1_000_000).build()) {
            m.observeColumns(new double[0][], new String[][]{cur});
            r = m.evaluate(m.snapshot());
            assertThat(m.snapshot().toJson().length()).isLessThan(200_000);
        }
        FeatureDrift f = r.feature("id");
        assertThat(f.psi()).isGreaterThan(1.0);
        assertThat(f.unseenShare()).isEqualTo(1.0);
        assertThat(f.unseenCount()).isEqualTo(n);
        assertThat(f.otherCount()).isEqualTo(n - ReferenceProfile.DEFAULT_MAX_CATEGORIES
                - WindowState.MAX_UNSEEN_CATEGORIES);
        assertThat(f.unseenCategories()).hasSize(CategoricalComparison.MAX_LISTED_UNSEEN);
        assertThat(f.drifted()).isTrue();
        assertThat(f.note()).contains("100.0 % of the current values are in categories the reference does not have");
        assertThat(r.toJson().length()).isLessThan(20_000);
    }

    @Test
    void aFeatureOfMostlyUnseenCategoriesIsFlaggedByTheDefaultRule() {
        String[] ref = WindowEvaluationTest.cycle(600, "a", "b", "c");
        String[] cur = new String[600];
        for (int i = 0; i < cur.length; i++) {
            cur[i] = i % 5 < 3 ? "new" + (i % 7) : (i % 2 == 0 ? "a" : "b"); // 60 % unseen
        }
        ReferenceProfile p = ReferenceProfile.builder().categorical("c", ref).build();
        FeatureDrift f = DriftAnalysis.compare(p, Table.of(Map.of("c", cur))).feature("c");
        assertThat(f.unseenShare()).isCloseTo(0.6, within(1e-12));
        assertThat(f.drifted()).isTrue();
        DriftPolicy lenient = new DriftPolicy(DriftRule.psiOnly(dev.mlops.monitoring.stats.PsiThreshold.fixed(1e9))
                .withUnseenShare(0.9), Map.of(), dev.mlops.monitoring.stats.PValueCorrection.NONE);
        assertThat(DriftAnalysis.compare(p, Table.of(Map.of("c", cur)), lenient).feature("c").drifted()).isFalse();
    }

    @Test
    void aCategoricalPsiFarOverItsThresholdIsNotReportedStableWhenTheTestCannotJudge() {
        // reference 2 x a..f, current 4 x a, 4 x b, 2 x c, 2 x d:
        // stats.chi2_contingency([[2,2,2,2,2,2],[4,4,2,2,0,0]], correction=False) -> (5.333333333333333,
        // 0.3765676447089767), every expected count below 5; PSI with the 1e-4 floor -> 2.7024256449221413
        String[] ref = WindowEvaluationTest.cycle(12, "a", "b", "c", "d", "e", "f");
        String[] cur = {"a", "a", "a", "a", "b", "b", "b", "b", "c", "c", "d", "d"};
        ReferenceProfile p = ReferenceProfile.builder().categorical("c", ref).build();
        FeatureDrift f = DriftAnalysis.compare(p, Table.of(Map.of("c", cur))).feature("c");
        assertThat(f.psi()).isCloseTo(2.7024256449221413, within(1e-12));
        assertThat(f.chi2PValue()).isCloseTo(0.3765676447089767, within(1e-12));
        assertThat(f.drifted()).isTrue();
        assertThat(f.note()).contains("chi-square test is not reliable");
    }

    /** The JSON of one feature, as {@code mlops drift --json} writes it. */
    private static final class DriftResultJson {
        static String of(FeatureDrift f) {
            return Json.write(f);
        }
    }
}
