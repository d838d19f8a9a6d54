package dev.mlops.test;

import dev.mlops.monitoring.DriftMonitor;
import dev.mlops.monitoring.DriftResult;
import dev.mlops.monitoring.FeatureDrift;
import dev.mlops.monitoring.checks.CheckReport;

/**
 * AssertJ entry points for monitoring values only (drift results, monitors, data-check reports): use these when only
 * {@code mlops-monitoring} is on your test class path, so that compiling your tests needs no serving class.
 * Stateless and thread-safe; the assertion objects are not (as in AssertJ).
 */
public final class MonitoringAssertions {
    private MonitoringAssertions() {
    }

    /** Assertions on a drift result. */
    public static DriftResultAssert assertThat(DriftResult actual) {
        return new DriftResultAssert(actual);
    }

    /** Assertions on the drift of everything {@code monitor} has observed in its open window so far. */
    public static DriftResultAssert assertThat(DriftMonitor monitor) {
        return new DriftResultAssert(monitor == null ? null : monitor.evaluate(monitor.snapshot()));
    }

    /** Assertions on one feature's drift. */
    public static FeatureDriftAssert assertThat(FeatureDrift actual) {
        return new FeatureDriftAssert(actual);
    }

    /** Assertions on a data-check report. */
    public static CheckReportAssert assertThat(CheckReport actual) {
        return new CheckReportAssert(actual);
    }
}
