package dev.mlops.test;

import dev.mlops.monitoring.DriftMonitor;
import dev.mlops.monitoring.DriftResult;
import dev.mlops.monitoring.FeatureDrift;
import dev.mlops.monitoring.checks.CheckReport;
import dev.mlops.serving.Outputs;
import dev.mlops.serving.Tensor;

/**
 * AssertJ entry points for mlops values: predictions ({@link Outputs}, {@link Tensor}), drift results and data-check
 * reports. Use them beside AssertJ's own {@code assertThat} (import this class's methods statically, or call them
 * qualified).
 *
 * <pre>{@code
 * MlopsAssertions.assertThat(endpoint.predict(rows)).output("y").hasShape(16, 1).isCloseTo(expected, 1e-4f);
 * MlopsAssertions.assertThat(monitor).hasNoDrift();
 * MlopsAssertions.assertThat(result).hasDriftedFeatures("income").feature("income").hasPsiGreaterThan(0.25);
 * MlopsAssertions.assertThat(checks).hasPercentPassedAtLeast(90);
 * }</pre>
 *
 * <p>Needs both {@code mlops-serving} and {@code mlops-monitoring} on the class path (its overloads name types of
 * both); with only one of them use {@link ServingAssertions} or {@link MonitoringAssertions}. Stateless and
 * thread-safe; the assertion objects are not (as in AssertJ).
 */
public final class MlopsAssertions {
    private MlopsAssertions() {
    }

    /** Assertions on a prediction's outputs. */
    public static OutputsAssert assertThat(Outputs actual) {
        return new OutputsAssert(actual);
    }

    /** Assertions on one tensor. */
    public static TensorAssert assertThat(Tensor actual) {
        return new TensorAssert(actual);
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
