package dev.mlops.micrometer;

import dev.mlops.monitoring.DriftListener;
import dev.mlops.monitoring.DriftMonitor;
import dev.mlops.monitoring.DriftResult;
import dev.mlops.monitoring.FeatureDrift;
import dev.mlops.monitoring.checks.CheckReport;
import dev.mlops.monitoring.checks.CheckResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes one drift monitor's results (and data-check reports) to a Micrometer {@link MeterRegistry}. Register it
 * as the monitor's {@link DriftListener}; each closed window updates the gauges, so they always show the last window.
 *
 * <pre>{@code
 * DriftMetrics metrics = DriftMetrics.builder("fraud-inputs", registry).model("fraud").version("3").build();
 * DriftMonitor monitor = DriftMonitor.builder(profile).countWindow(1000).listener(metrics).build();
 * metrics.bind(monitor);                   // optional: rows observed, listener failures
 * metrics.recordChecks(suite.run(table));  // data checks, whenever you run them
 * }</pre>
 *
 * <p>Meters (tags {@code monitor}, {@code model}, {@code version} and the builder's common tags on every one):
 * <ul>
 *   <li>per feature (tags {@code feature}, {@code role} = {@code input}/{@code output}, {@code kind} =
 *       {@code numeric}/{@code categorical}): gauges {@code mlops.drift.psi}, {@code mlops.drift.psi.threshold},
 *       {@code mlops.drift.ks.statistic}, {@code mlops.drift.ks.pvalue}, {@code mlops.drift.chi2.pvalue},
 *       {@code mlops.drift.pvalue.adjusted}, {@code mlops.drift.wasserstein}, {@code mlops.drift.js.distance}
 *       (NaN when the statistic does not apply) and {@code mlops.drift.drifted} (1 drifted, 0 not)</li>
 *   <li>per monitor: gauges {@code mlops.drift.features.drifted} (drifted feature count of the last window),
 *       {@code mlops.drift.window.rows}, {@code mlops.drift.window.index}; counters {@code mlops.drift.windows} and
 *       {@code mlops.drift.alerts} (windows in which a feature drifted); after {@link #bind}, function counters
 *       {@code mlops.drift.rows.observed} and {@code mlops.drift.listener.failures}</li>
 *   <li>data checks ({@link #recordChecks}, tag {@code source}): gauges {@code mlops.datacheck.passed.percent}
 *       (0–100), {@code mlops.datacheck.failed} (failed check count), {@code mlops.datacheck.rows}; per check (tag
 *       {@code check}) {@code mlops.datacheck.check.passed} (1/0) and {@code mlops.datacheck.check.offending}</li>
 * </ul>
 *
 * <p>Thread-safe: windows of one monitor arrive one at a time, and the gauges read single volatile cells.
 */
public final class DriftMetrics implements DriftListener {
    private final String monitorName;
    private final MeterRegistry registry;
    private final Tags tags;
    private final Map<String, FeatureCells> features = new ConcurrentHashMap<>();
    private final Map<String, Cell> cells = new ConcurrentHashMap<>();
    private final Counter windows;
    private final Counter alerts;
    private final Cell driftedCount;
    private final Cell windowRows;
    private final Cell windowIndex;

    private DriftMetrics(Builder b) {
        this.monitorName = b.monitor;
        this.registry = b.registry;
        this.tags = b.tags.and(Tag.of("monitor", b.monitor), Tag.of("model", b.model), Tag.of("version", b.version));
        this.windows = Counter.builder("mlops.drift.windows").tags(tags).baseUnit("windows")
                .description("Drift windows closed").register(registry);
        this.alerts = Counter.builder("mlops.drift.alerts").tags(tags)
                .description("Windows in which at least one feature drifted").register(registry);
        this.driftedCount = gauge("mlops.drift.features.drifted", Tags.empty(), null,
                "Features that drifted in the last window");
        this.windowRows = gauge("mlops.drift.window.rows", Tags.empty(), "rows", "Rows in the last window");
        this.windowIndex = gauge("mlops.drift.window.index", Tags.empty(), null,
                "Sequence number of the last window");
    }

    /** A builder for the metrics of the monitor called {@code monitor} (the {@code monitor} tag). */
    public static Builder builder(String monitor, MeterRegistry registry) {
        return new Builder(monitor, registry);
    }

    /** Adds the monitor's own counters (rows observed, listener failures). Optional. */
    public DriftMetrics bind(DriftMonitor monitor) {
        Objects.requireNonNull(monitor, "monitor");
        FunctionCounter.builder("mlops.drift.rows.observed", monitor, DriftMonitor::rowsObserved).tags(tags)
                .description("Rows observed by the monitor").register(registry);
        FunctionCounter.builder("mlops.drift.listener.failures", monitor, DriftMonitor::listenerFailures).tags(tags)
                .description("Exceptions thrown by drift listeners (logged, not passed on)").register(registry);
        return this;
    }

    /** The monitor name these metrics are for. */
    public String monitorName() {
        return monitorName;
    }

    @Override
    public void onWindow(DriftResult result) {
        record(result);
    }

    /** Publishes a result that did not come through a listener (e.g. a one-off {@code DriftAnalysis.compare}). */
    public void record(DriftResult result) {
        Objects.requireNonNull(result, "result");
        for (FeatureDrift f : result.features()) {
            features.computeIfAbsent(f.name(), n -> new FeatureCells(f)).set(f);
        }
        driftedCount.value = result.driftedFeatures().size();
        windowRows.value = result.rows();
        windowIndex.value = result.window();
        windows.increment();
        if (result.drifted()) {
            alerts.increment();
        }
    }

    /** Publishes a data-check report: % passed, failures, and each check's outcome. */
    public void recordChecks(CheckReport report) {
        Objects.requireNonNull(report, "report");
        Tags source = Tags.of("source", report.source() == null ? "unknown" : report.source());
        cell("mlops.datacheck.passed.percent", source, null,
                "Data checks passed, 0-100").value = report.percentPassed();
        cell("mlops.datacheck.failed", source, null, "Data checks failed").value = report.failedCount();
        cell("mlops.datacheck.rows", source, "rows", "Rows checked").value = report.rows();
        for (CheckResult c : report.checks()) {
            Tags t = source.and("check", c.name());
            cell("mlops.datacheck.check.passed", t, null, "1 when the check passed, else 0").value =
                    c.passed() ? 1 : 0;
            cell("mlops.datacheck.check.offending", t, null, "Rows that violated the check").value =
                    c.offendingCount();
        }
    }

    private Cell cell(String name, Tags extra, String unit, String description) {
        String key = name + extra;
        Cell c = cells.get(key);
        if (c == null) {
            c = cells.computeIfAbsent(key, k -> gauge(name, extra, unit, description));
        }
        return c;
    }

    private Cell gauge(String name, Tags extra, String unit, String description) {
        Cell c = new Cell();
        Gauge.Builder<Cell> b = Gauge.builder(name, c, x -> x.value).tags(tags).tags(extra).description(description);
        if (unit != null) {
            b.baseUnit(unit);
        }
        b.register(registry);
        return c;
    }

    /** A volatile double a gauge reads. */
    private static final class Cell {
        volatile double value = Double.NaN;
    }

    private final class FeatureCells {
        final Cell psi;
        final Cell psiThreshold;
        final Cell ks;
        final Cell ksP;
        final Cell chi2P;
        final Cell adjusted;
        final Cell wasserstein;
        final Cell js;
        final Cell drifted;

        FeatureCells(FeatureDrift f) {
            Tags t = Tags.of("feature", f.name(), "role", f.role(), "kind", f.kind());
            psi = gauge("mlops.drift.psi", t, null, "Population stability index of the last window");
            psiThreshold = gauge("mlops.drift.psi.threshold", t, null, "PSI threshold applied");
            ks = gauge("mlops.drift.ks.statistic", t, null, "Two-sample KS statistic (numeric features)");
            ksP = gauge("mlops.drift.ks.pvalue", t, null, "KS p-value (numeric features)");
            chi2P = gauge("mlops.drift.chi2.pvalue", t, null, "Chi-square p-value (categorical features)");
            adjusted = gauge("mlops.drift.pvalue.adjusted", t, null, "Test p-value after multiple-testing correction");
            wasserstein = gauge("mlops.drift.wasserstein", t, null, "Wasserstein-1 distance (numeric features)");
            js = gauge("mlops.drift.js.distance", t, null, "Jensen-Shannon distance, base 2");
            drifted = gauge("mlops.drift.drifted", t, null, "1 when the feature drifted in the last window, else 0");
        }

        void set(FeatureDrift f) {
            psi.value = orNaN(f.psi());
            psiThreshold.value = orNaN(f.psiThreshold());
            ks.value = orNaN(f.ksStatistic());
            ksP.value = orNaN(f.ksPValue());
            chi2P.value = orNaN(f.chi2PValue());
            adjusted.value = orNaN(f.pValueAdjusted());
            wasserstein.value = orNaN(f.wasserstein());
            js.value = orNaN(f.jsDistance());
            drifted.value = f.drifted() ? 1 : 0;
        }
    }

    private static double orNaN(Double d) {
        return d == null ? Double.NaN : d;
    }

    /** Configures a {@link DriftMetrics}. Not thread-safe. */
    public static final class Builder {
        private final String monitor;
        private final MeterRegistry registry;
        private Tags tags = Tags.empty();
        private String model = "unknown";
        private String version = ModelTags.UNKNOWN_VERSION;

        private Builder(String monitor, MeterRegistry registry) {
            this.monitor = Objects.requireNonNull(monitor, "monitor");
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /** The {@code model} tag (default {@code unknown}). */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** The {@code version} tag (default {@code unknown}). */
        public Builder version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /** Tags added to every meter, e.g. {@code endpoint} and {@code variant} of the traffic monitored. */
        public Builder tags(String... keyValues) {
            this.tags = this.tags.and(keyValues);
            return this;
        }

        /** Tags added to every meter. */
        public Builder tags(Iterable<Tag> tags) {
            this.tags = this.tags.and(Objects.requireNonNull(tags, "tags"));
            return this;
        }

        /** The metrics; register them as the monitor's listener. */
        public DriftMetrics build() {
            return new DriftMetrics(this);
        }
    }
}
