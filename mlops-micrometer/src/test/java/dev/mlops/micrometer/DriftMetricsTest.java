package dev.mlops.micrometer;

import dev.mlops.monitoring.DriftListener;
import dev.mlops.monitoring.DriftMonitor;
import dev.mlops.monitoring.DriftResult;
import dev.mlops.monitoring.ReferenceProfile;
import dev.mlops.monitoring.Table;
import dev.mlops.monitoring.checks.CheckReport;
import dev.mlops.monitoring.checks.CheckSuite;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DriftMetricsTest {
    private static final String TAGS = "model=\"risk\",monitor=\"inputs\",version=\"3\"";

    private PrometheusMeterRegistry registry;

    @BeforeEach
    void setUp() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    /** Reference: x = 0..999 uniform-ish, colour a/b in equal shares. */
    static ReferenceProfile profile() {
        double[] x = new double[1000];
        String[] colour = new String[1000];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
            colour[i] = i % 2 == 0 ? "a" : "b";
        }
        return ReferenceProfile.builder().numeric("x", x).categorical("colour", colour).build();
    }

    @Test
    void aClosedWindowPublishesPerFeatureStatisticsAndDriftFlags() {
        DriftMetrics metrics = DriftMetrics.builder("inputs", registry).model("risk").version("3").build();
        List<DriftResult> results = new CopyOnWriteArrayList<>();
        try (DriftMonitor monitor = DriftMonitor.builder(profile()).countWindow(500).evaluateOnObservingThread().listener(metrics).listener(collect(results)).build()) {
            metrics.bind(monitor);
            // x shifted far above the reference, colour unchanged
            for (int i = 0; i < 500; i++) {
                monitor.observe(Map.of("x", 2000.0 + i, "colour", i % 2 == 0 ? "a" : "b"));
            }
            assertThat(results).hasSize(1);
            DriftResult result = results.get(0);
            assertThat(result.driftedFeatures()).containsExactly("x");

            String text = registry.scrape();
            String x = "feature=\"x\",kind=\"numeric\"," + TAGS.replace("version", "role=\"input\",version");
            String colour = "feature=\"colour\",kind=\"categorical\","
                    + TAGS.replace("version", "role=\"input\",version");
            assertThat(text)
                    .contains("mlops_drift_drifted{" + x + "} 1.0\n")
                    .contains("mlops_drift_drifted{" + colour + "} 0.0\n")
                    .contains("mlops_drift_ks_statistic{" + x + "} 1.0\n")
                    .contains("mlops_drift_ks_statistic{" + colour + "} NaN\n")
                    .contains("mlops_drift_features_drifted{" + TAGS + "} 1.0\n")
                    .contains("mlops_drift_window_rows{" + TAGS + "} 500.0\n")
                    .contains("mlops_drift_windows_total{" + TAGS + "} 1.0\n")
                    .contains("mlops_drift_alerts_total{" + TAGS + "} 1.0\n")
                    .contains("mlops_drift_rows_observed_total{" + TAGS + "} 500.0\n")
                    .contains("mlops_drift_listener_failures_total{" + TAGS + "} 0.0\n");
            assertThat(value(text, "mlops_drift_psi{" + x + "}")).isCloseTo(result.feature("x").psi(), within(1e-9));
            assertThat(value(text, "mlops_drift_psi_threshold{" + x + "}"))
                    .isCloseTo(result.feature("x").psiThreshold(), within(1e-9));
            assertThat(value(text, "mlops_drift_chi2_pvalue{" + colour + "}"))
                    .isCloseTo(result.feature("colour").chi2PValue(), within(1e-12));
        }
    }

    @Test
    void aQuietWindowClearsTheFlagsButKeepsTheAlertCount() {
        DriftMetrics metrics = DriftMetrics.builder("inputs", registry).model("risk").version("3").build();
        List<DriftResult> results = new CopyOnWriteArrayList<>();
        try (DriftMonitor monitor = DriftMonitor.builder(profile()).countWindow(500).evaluateOnObservingThread().listener(metrics).listener(collect(results)).build()) {
            for (int i = 0; i < 500; i++) {
                monitor.observe(Map.of("x", 2000.0 + i, "colour", "a"));
            }
            for (int i = 0; i < 500; i++) {
                monitor.observe(Map.of("x", 2.0 * i, "colour", i % 2 == 0 ? "a" : "b"));
            }
            assertThat(results).hasSize(2);
            assertThat(results.get(1).drifted()).isFalse();
        }
        String text = registry.scrape();
        assertThat(text)
                .contains("mlops_drift_features_drifted{" + TAGS + "} 0.0\n")
                .contains("mlops_drift_window_index{" + TAGS + "} 1.0\n")
                .contains("mlops_drift_windows_total{" + TAGS + "} 2.0\n")
                .contains("mlops_drift_alerts_total{" + TAGS + "} 1.0\n");
    }

    @Test
    void aDataCheckReportPublishesPercentPassedAndEachCheck() {
        DriftMetrics metrics = DriftMetrics.builder("inputs", registry).model("risk").version("3").build();
        Table table = Table.readCsv("age,colour\n30,a\n250,b\n40,c\n", "batch.csv");
        CheckReport report = CheckSuite.builder().columnPresent("age").range("age", 0, 120)
                .allowedValues("colour", java.util.Set.of("a", "b")).rowCount(1, 10).build().run(table);
        metrics.recordChecks(report);

        String text = registry.scrape();
        assertThat(report.percentPassed()).isEqualTo(50.0);
        assertThat(text)
                .contains("mlops_datacheck_passed_percent{" + TAGS.replace("version",
                        "source=\"table\",version") + "} 50.0\n")
                .contains("mlops_datacheck_failed{" + TAGS.replace("version", "source=\"table\",version")
                        + "} 2.0\n")
                .contains("mlops_datacheck_rows{" + TAGS.replace("version", "source=\"table\",version")
                        + "} 3.0\n");
        String range = report.checks().get(1).name();
        assertThat(text).contains("mlops_datacheck_check_passed{check=\"" + range + "\","
                + TAGS.replace("version", "source=\"table\",version") + "} 0.0\n");
        assertThat(text).contains("mlops_datacheck_check_offending{check=\"" + range + "\","
                + TAGS.replace("version", "source=\"table\",version") + "} 1.0\n");
    }

    private static DriftListener collect(List<DriftResult> into) {
        return new DriftListener() {
            @Override
            public void onWindow(DriftResult result) {
                into.add(result);
            }
        };
    }

    private static double value(String exposition, String series) {
        return exposition.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .orElseThrow(() -> new AssertionError("no series " + series + " in\n" + exposition));
    }
}
