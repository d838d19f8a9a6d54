package dev.mlops.test;

import dev.mlops.monitoring.DriftResult;
import dev.mlops.monitoring.FeatureDrift;
import org.assertj.core.api.AbstractAssert;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * AssertJ assertions on a {@link DriftResult}; failure messages list each drifted feature with its PSI and p-value.
 * Not thread-safe (as any AssertJ assertion).
 */
public final class DriftResultAssert extends AbstractAssert<DriftResultAssert, DriftResult> {
    DriftResultAssert(DriftResult actual) {
        super(actual, DriftResultAssert.class);
    }

    /** At least one feature drifted. */
    public DriftResultAssert hasDrift() {
        isNotNull();
        if (!actual.drifted()) {
            failWithMessage("expected drift but no feature drifted over %d rows:%n%s", actual.rows(), table());
        }
        return this;
    }

    /** No feature drifted. */
    public DriftResultAssert hasNoDrift() {
        isNotNull();
        if (actual.drifted()) {
            failWithMessage("expected no drift but %s drifted over %d rows:%n%s", actual.driftedFeatures(),
                    actual.rows(), table());
        }
        return this;
    }

    /** Exactly these features drifted (any order). */
    public DriftResultAssert hasDriftedFeatures(String... features) {
        isNotNull();
        Set<String> expected = new TreeSet<>(Arrays.asList(features));
        Set<String> found = new TreeSet<>(actual.driftedFeatures());
        if (!expected.equals(found)) {
            failWithMessage("expected exactly %s to drift but %s drifted:%n%s", expected, found, table());
        }
        return this;
    }

    /** An input feature drifted. */
    public DriftResultAssert hasInputDrift() {
        isNotNull();
        if (!actual.inputDrift()) {
            failWithMessage("expected input drift but no input feature drifted:%n%s", table());
        }
        return this;
    }

    /** An output (prediction) feature drifted. */
    public DriftResultAssert hasOutputDrift() {
        isNotNull();
        if (!actual.outputDrift()) {
            failWithMessage("expected output drift but no output feature drifted:%n%s", table());
        }
        return this;
    }

    /** The result covers {@code rows} rows. */
    public DriftResultAssert hasRows(long rows) {
        isNotNull();
        if (actual.rows() != rows) {
            failWithMessage("expected %d rows but the result covers %d", rows, actual.rows());
        }
        return this;
    }

    /** Assertions on feature {@code name}. */
    public FeatureDriftAssert feature(String name) {
        isNotNull();
        List<String> names = actual.features().stream().map(FeatureDrift::name).toList();
        if (!names.contains(name)) {
            failWithMessage("expected a feature named '%s' but the result has %s", name, names);
        }
        return new FeatureDriftAssert(actual.feature(name));
    }

    private String table() {
        StringBuilder sb = new StringBuilder();
        for (FeatureDrift f : actual.features()) {
            sb.append(String.format(java.util.Locale.ROOT, "  %-24s %-8s psi=%s threshold=%s p=%s%n", f.name(),
                    f.drifted() ? "DRIFTED" : "stable", f.psi(), f.psiThreshold(), f.pValueAdjusted()));
        }
        return sb.toString();
    }
}
