package dev.mlops.monitoring;

import dev.mlops.monitoring.stats.PValueCorrection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

class DriftMonitorTest {
    private final double[] infl60 = MonitoringTestData.macro("infl", 1960, 1970);
    private final double[] infl00 = MonitoringTestData.macro("infl", 2000, 2010);
    private final double[] unemp60 = MonitoringTestData.macro("unemp", 1960, 1970);
    private final double[] unemp00 = MonitoringTestData.macro("unemp", 2000, 2010);
    private final double[] realint60 = MonitoringTestData.macro("realint", 1960, 1970);
    private final double[] realint00 = MonitoringTestData.macro("realint", 2000, 2010);

    private ReferenceProfile profile() {
        return ReferenceProfile.builder().numeric("infl", infl60).numeric("realint", realint60)
                .output("unemp", unemp60).build();
    }

    @Test
    void aCountWindowOfTheTwoThousandsDriftsWithScipysNumbers() {
        List<DriftResult> windows = new ArrayList<>();
        List<DriftResult> alerts = new ArrayList<>();
        try (DriftMonitor m = DriftMonitor.builder(profile()).countWindow(39)
                .listener(new DriftListener() {
                    @Override
                    public void onWindow(DriftResult r) {
                        windows.add(r);
                    }

                    @Override
                    public void onAlert(DriftResult r) {
                        alerts.add(r);
                    }
                }).build()) {
            for (int i = 0; i < 39; i++) {
                m.observe(new double[]{infl00[i], realint00[i], unemp00[i]});
            }
        }
        assertThat(windows).hasSize(1);
        DriftResult r = windows.get(0);
        assertThat(r.rows()).isEqualTo(39);
        FeatureDrift infl = r.feature("infl");
        // see DriftStatisticsAgainstScipyTest: psi 1.7372428435350216, ks (0.2153846153846154, 0.26568714028172896)
        assertThat(infl.psi()).isCloseTo(1.7372428435350216, within(1e-12));
        assertThat(infl.ksStatistic()).isCloseTo(0.2153846153846154, within(1e-12));
        assertThat(infl.ksPValue()).isCloseTo(0.26568714028172896, within(1e-12));
        assertThat(infl.wasserstein()).isCloseTo(0.9824423076923077, within(1e-12));
        assertThat(infl.wassersteinNormed()).isCloseTo(0.5162252963885664, within(1e-12));
        assertThat(infl.jsDistance()).isCloseTo(0.40329515275535294, within(1e-12));
        assertThat(infl.chi2Statistic()).isNull();
        assertThat(infl.ksRankErrorBound()).isZero();
        // p = 0.27 >= 0.05: big PSI but not significant -> not drifted under the default rule
        assertThat(infl.drifted()).isFalse();
        // unemp: p = 0.0093 and PSI 1.98 -> drifted; it is an output -> output drift
        assertThat(r.feature("unemp").drifted()).isTrue();
        assertThat(r.feature("realint").drifted()).isTrue();
        assertThat(r.driftedFeatures()).containsExactly("realint", "unemp");
        assertThat(r.outputDrift()).isTrue();
        assertThat(r.inputDrift()).isTrue();
        assertThat(alerts).containsExactly(r);
    }

    @Test
    void bonferroniCorrectionRaisesPValuesAcrossFeatures() {
        DriftResult plain = DriftAnalysis.compare(profile(), table00());
        DriftResult corrected = DriftAnalysis.compare(profile(), table00(),
                new DriftPolicy(DriftRule.DEFAULT, Map.of(), PValueCorrection.BONFERRONI));
        assertThat(corrected.feature("unemp").pValueAdjusted())
                .isCloseTo(3 * plain.feature("unemp").ksPValue(), within(1e-15));
        assertThat(corrected.correction()).isEqualTo("bonferroni");
        // 3 * 0.0093 = 0.028 < 0.05: still drifted
        assertThat(corrected.feature("unemp").drifted()).isTrue();
    }

    private Table table00() {
        String[] a = new String[39];
        String[] b = new String[39];
        String[] c = new String[39];
        for (int i = 0; i < 39; i++) {
            a[i] = Double.toString(infl00[i]);
            b[i] = Double.toString(realint00[i]);
            c[i] = Double.toString(unemp00[i]);
        }
        return Table.of(Map.of("infl", a, "realint", b, "unemp", c));
    }

    @Test
    void perFeatureRulesAndSampleSizeAwareThresholdsAreApplied() {
        // realint: p = 0.0018, PSI = 1.096; infl: p = 0.27, PSI = 1.737
        DriftPolicy policy = new DriftPolicy(DriftRule.DEFAULT,
                Map.of("infl", DriftRule.psiOnly(dev.mlops.monitoring.stats.PsiThreshold.fixed(1.5)),
                        "realint", DriftRule.of(0.001, dev.mlops.monitoring.stats.PsiThreshold.DEFAULT)),
                PValueCorrection.NONE);
        DriftResult r = DriftAnalysis.compare(profile(), table00(), policy);
        assertThat(r.feature("infl").drifted()).isTrue();     // PSI 1.74 >= 1.5, test ignored
        assertThat(r.feature("realint").drifted()).isFalse(); // p 0.0018 >= 0.001
        DriftPolicy aware = new DriftPolicy(
                DriftRule.of(0.05, dev.mlops.monitoring.stats.PsiThreshold.sampleSizeAware(0.05)), Map.of(),
                PValueCorrection.NONE);
        FeatureDrift u = DriftAnalysis.compare(profile(), table00(), aware).feature("unemp");
        // (1/40 + 1/39) * stats.chi2.isf(0.05, 9) -> 0.8567943786955229
        assertThat(u.psiThreshold()).isCloseTo(0.8567943786955229, within(1e-12));
        assertThat(u.drifted()).isTrue(); // PSI 1.98 >= 0.857 and p 0.0093 < 0.05
    }

    @Test
    void identicalDataNeverDrifts() {
        DriftResult r;
        try (DriftMonitor m = DriftMonitor.builder(profile()).countWindow(40).build()) {
            m.observeColumns(new double[][]{infl60, realint60, unemp60}, null);
            r = m.evaluate(m.snapshot());
        }
        assertThat(r.rows()).isZero(); // the full window closed; the snapshot is of the next, empty one
        DriftResult direct;
        try (DriftMonitor m = DriftMonitor.builder(profile()).countWindow(1000).build()) {
            m.observeColumns(new double[][]{infl60, realint60, unemp60}, null);
            direct = m.evaluate(m.snapshot());
        }
        assertThat(direct.rows()).isEqualTo(40);
        assertThat(direct.drifted()).isFalse();
        assertThat(direct.feature("infl").psi()).isZero();
        assertThat(direct.feature("infl").ksPValue()).isEqualTo(1.0);
    }

    @Test
    void anEmptyWindowReportsNotComputableStatisticsWithoutThrowing() {
        try (DriftMonitor m = DriftMonitor.builder(profile()).timeWindow(Duration.ofHours(1)).build()) {
            DriftResult r = m.closeWindow();
            assertThat(r.rows()).isZero();
            FeatureDrift f = r.feature("infl");
            assertThat(f.psi()).isNull();
            assertThat(f.ksStatistic()).isNull();
            assertThat(f.drifted()).isFalse();
            assertThat(f.note()).contains("no current values");
            assertThat(r.toJson()).contains("\"psi\" : null");
        }
    }

    @Test
    void missingValuesAreCountedSeparately() {
        try (DriftMonitor m = DriftMonitor.builder(profile()).timeWindow(Duration.ofHours(1)).build()) {
            m.observe(Map.of("infl", 1.0, "realint", Double.NaN));
            m.observe(Map.of("infl", 2.0, "unemp", 5.0));
            DriftResult r = m.closeWindow();
            assertThat(r.feature("realint").missingCurrent()).isEqualTo(2);
            assertThat(r.feature("unemp").missingCurrent()).isEqualTo(1);
            assertThat(r.feature("infl").currentCount()).isEqualTo(2);
        }
    }

    @Test
    void timeWindowsCloseOnTheGivenScheduler() {
        ScheduledExecutorService ses = Executors.newSingleThreadScheduledExecutor();
        List<DriftResult> got = new CopyOnWriteArrayList<>();
        try (DriftMonitor m = DriftMonitor.builder(profile()).timeWindow(Duration.ofMillis(50), ses)
                .listener(new DriftListener() {
                    @Override
                    public void onWindow(DriftResult r) {
                        got.add(r);
                    }
                }).build()) {
            m.observeColumns(new double[][]{infl00, realint00, unemp00}, null);
            await().atMost(10, TimeUnit.SECONDS).until(() -> !got.isEmpty());
            assertThat(got.stream().mapToLong(DriftResult::rows).sum()).isEqualTo(39);
            assertThat(got.get(0).start()).isBefore(got.get(0).end());
        } finally {
            ses.shutdownNow();
        }
    }

    @Test
    void aFailingListenerIsCountedAndDoesNotBreakObserve() {
        List<DriftResult> got = new ArrayList<>();
        try (DriftMonitor m = DriftMonitor.builder(profile()).countWindow(10).evaluateOnObservingThread()
                .listener(new DriftListener() {
                    @Override
                    public void onWindow(DriftResult r) {
                        throw new IllegalStateException("boom");
                    }
                })
                .listener(new DriftListener() {
                    @Override
                    public void onWindow(DriftResult r) {
                        got.add(r);
                    }
                }).build()) {
            m.observeColumns(new double[][]{infl00, realint00, unemp00}, null);
            assertThat(m.listenerFailures()).isEqualTo(3);
            assertThat(got).hasSize(3);
            assertThat(got).extracting(DriftResult::window).containsExactly(0L, 1L, 2L);
            assertThat(m.rowsObserved()).isEqualTo(39);
        }
    }

    @Test
    void beyondTheExactLimitTheSketchIsUsedAndItsBoundStated() {
        double[] ref = new double[20_000];
        double[] cur = new double[20_000];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = Math.sin(i * 0.001);
            cur[i] = Math.sin(i * 0.0011) + 0.05;
        }
        ReferenceProfile p = ReferenceProfile.builder().numeric("x", ref).build();
        DriftResult r;
        try (DriftMonitor m = DriftMonitor.builder(p).countWindow(20_000).exactLimit(1_000).sketchK(512).build()) {
            for (int i = 0; i < cur.length; i += 500) {
                m.observeColumns(new double[][]{java.util.Arrays.copyOfRange(cur, i, i + 500)}, null);
            }
            assertThat(m.windowsClosed()).isEqualTo(1);
            r = null;
        }
        try (DriftMonitor m = DriftMonitor.builder(p).countWindow(1_000_000).exactLimit(1_000).sketchK(512).build()) {
            m.observeColumns(new double[][]{cur}, null);
            r = m.evaluate(m.snapshot());
        }
        FeatureDrift f = r.feature("x");
        double exactD = dev.mlops.monitoring.stats.KolmogorovSmirnov.statistic(ref, cur);
        assertThat(f.ksRankErrorBound()).isPositive().isLessThan(0.05);
        assertThat(Math.abs(f.ksStatistic() - exactD)).isLessThanOrEqualTo(f.ksRankErrorBound());
        assertThat(f.currentCount()).isEqualTo(20_000);
    }

    @Test
    void windowStatesOfAFleetMergeIntoTheSameResultAsOneMonitor() {
        ReferenceProfile p = profile();
        try (DriftMonitor a = DriftMonitor.builder(p).countWindow(1000).build();
             DriftMonitor b = DriftMonitor.builder(p).countWindow(1000).build();
             DriftMonitor all = DriftMonitor.builder(p).countWindow(1000).build()) {
            for (int i = 0; i < 39; i++) {
                double[] row = {infl00[i], realint00[i], unemp00[i]};
                (i % 2 == 0 ? a : b).observe(row);
                all.observe(row);
            }
            DriftResult merged = a.evaluate(a.snapshot().merge(b.snapshot()));
            DriftResult single = all.evaluate(all.snapshot());
            assertThat(merged.rows()).isEqualTo(39);
            assertThat(merged.features()).isEqualTo(single.features());
        }
    }

    @Test
    void windowStatesTravelAsJsonBetweenProcessesAndMergeExactly() {
        ReferenceProfile p = profile();
        try (DriftMonitor a = DriftMonitor.builder(p).countWindow(1000).build();
             DriftMonitor b = DriftMonitor.builder(p).countWindow(1000).build();
             DriftMonitor all = DriftMonitor.builder(p).countWindow(1000).build()) {
            for (int i = 0; i < 39; i++) {
                double[] row = {infl00[i], realint00[i], i % 3 == 0 ? Double.NaN : unemp00[i]};
                (i < 20 ? a : b).observe(row);
                all.observe(row);
            }
            String shipped = b.snapshot().toJson();
            WindowState received = WindowState.fromJson(p, shipped, 100_000, 4096);
            DriftResult merged = a.evaluate(a.snapshot().merge(received));
            assertThat(merged.features()).isEqualTo(all.evaluate(all.snapshot()).features());
            assertThat(merged.feature("unemp").missingCurrent()).isEqualTo(13);
        }
    }

    @Test
    void sketchedWindowStatesSurviveJsonAndMergeWithinTheStatedBound() {
        double[] ref = new double[5_000];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = Math.cos(i * 0.01);
        }
        ReferenceProfile p = ReferenceProfile.builder().numeric("x", ref).build();
        double[] cur = new double[30_000];
        for (int i = 0; i < cur.length; i++) {
            cur[i] = Math.cos(i * 0.013) * 1.1;
        }
        try (DriftMonitor a = DriftMonitor.builder(p).countWindow(1_000_000).exactLimit(500).sketchK(64).build();
             DriftMonitor b = DriftMonitor.builder(p).countWindow(1_000_000).exactLimit(500).sketchK(64).build()) {
            a.observeColumns(new double[][]{java.util.Arrays.copyOfRange(cur, 0, 12_000)}, null);
            b.observeColumns(new double[][]{java.util.Arrays.copyOfRange(cur, 12_000, 30_000)}, null);
            WindowState bs = WindowState.fromJson(p, b.snapshot().toJson(), 500, 64);
            FeatureDrift f = a.evaluate(a.snapshot().merge(bs)).feature("x");
            double exactD = dev.mlops.monitoring.stats.KolmogorovSmirnov.statistic(ref, cur);
            assertThat(f.currentCount()).isEqualTo(30_000);
            assertThat(f.ksRankErrorBound()).isPositive();
            assertThat(Math.abs(f.ksStatistic() - exactD)).isLessThanOrEqualTo(f.ksRankErrorBound());
        }
    }

    @Test
    void categoricalFeaturesReportUnseenCategories() {
        ReferenceProfile p = ReferenceProfile.builder()
                .categorical("color", new String[]{"red", "red", "blue", "blue", null}).build();
        try (DriftMonitor m = DriftMonitor.builder(p).timeWindow(Duration.ofHours(1)).build()) {
            m.observeColumns(Map.of(), Map.of("color", new String[]{"red", "green", "green", null}));
            DriftResult r = m.closeWindow();
            FeatureDrift f = r.feature("color");
            assertThat(f.kind()).isEqualTo("categorical");
            assertThat(f.unseenCategories()).containsExactly("green");
            assertThat(f.unseenCount()).isEqualTo(2);
            assertThat(f.missingReference()).isEqualTo(1);
            assertThat(f.missingCurrent()).isEqualTo(1);
            assertThat(f.ksStatistic()).isNull();
            // stats.chi2_contingency([[2,0,2],[0,2,1]], correction=False) -> (4.277777777777778, 0.1177856432784892)
            assertThat(f.chi2Statistic()).isCloseTo(4.277777777777778, within(1e-12));
            assertThat(f.chi2PValue()).isCloseTo(0.1177856432784892, within(1e-12));
        }
    }
}
