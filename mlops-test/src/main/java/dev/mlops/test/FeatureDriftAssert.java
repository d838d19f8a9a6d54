package dev.mlops.test;

import dev.mlops.monitoring.FeatureDrift;
import org.assertj.core.api.AbstractAssert;

/** AssertJ assertions on one {@link FeatureDrift}. Not thread-safe (as any AssertJ assertion). */
public final class FeatureDriftAssert extends AbstractAssert<FeatureDriftAssert, FeatureDrift> {
    FeatureDriftAssert(FeatureDrift actual) {
        super(actual, FeatureDriftAssert.class);
    }

    /** The feature drifted. */
    public FeatureDriftAssert isDrifted() {
        isNotNull();
        if (!actual.drifted()) {
            failWithMessage("expected feature '%s' to drift but it did not (psi=%s threshold=%s p=%s alpha=%s)",
                    actual.name(), actual.psi(), actual.psiThreshold(), actual.pValueAdjusted(), actual.alpha());
        }
        return this;
    }

    /** The feature did not drift. */
    public FeatureDriftAssert isStable() {
        isNotNull();
        if (actual.drifted()) {
            failWithMessage("expected feature '%s' not to drift but it did (psi=%s threshold=%s p=%s alpha=%s)",
                    actual.name(), actual.psi(), actual.psiThreshold(), actual.pValueAdjusted(), actual.alpha());
        }
        return this;
    }

    /** PSI is present and greater than {@code value}. */
    public FeatureDriftAssert hasPsiGreaterThan(double value) {
        isNotNull();
        if (actual.psi() == null || !(actual.psi() > value)) {
            failWithMessage("expected feature '%s' to have PSI > %s but it is %s", actual.name(), value, actual.psi());
        }
        return this;
    }

    /** PSI is present and less than {@code value}. */
    public FeatureDriftAssert hasPsiLessThan(double value) {
        isNotNull();
        if (actual.psi() == null || !(actual.psi() < value)) {
            failWithMessage("expected feature '%s' to have PSI < %s but it is %s", actual.name(), value, actual.psi());
        }
        return this;
    }

    /** The test p-value (KS or chi-square, after correction) is present and below {@code alpha}. */
    public FeatureDriftAssert hasPValueBelow(double alpha) {
        isNotNull();
        if (actual.pValueAdjusted() == null || !(actual.pValueAdjusted() < alpha)) {
            failWithMessage("expected feature '%s' to have p < %s but it is %s", actual.name(), alpha,
                    actual.pValueAdjusted());
        }
        return this;
    }
}
