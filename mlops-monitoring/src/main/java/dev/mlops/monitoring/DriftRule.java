package dev.mlops.monitoring;

import dev.mlops.monitoring.stats.PsiThreshold;

/**
 * When a feature counts as drifted. Default: a numeric feature has drifted when the KS p-value is below 0.05 AND PSI
 * is at least 0.1; a categorical one when the chi-square p-value is below 0.05 AND PSI is at least 0.1. The test
 * says the shift is real, PSI says it is big enough to matter, so large samples do not raise alarms over trivial
 * shifts and small samples do not alarm on noise. {@code alpha} is compared with the p-value after the monitor's
 * multiple-testing correction ({@link dev.mlops.monitoring.stats.PValueCorrection}). Either condition can be
 * disabled ({@link #psiOnly}, {@link #testOnly}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param alpha      p-value threshold of the KS or chi-square test, in (0, 1]; 1 disables the test condition
 * @param psi        PSI threshold (fixed or sample-size-aware)
 * @param requirePsi whether PSI must also reach its threshold (false: the test alone decides)
 */
public record DriftRule(double alpha, PsiThreshold psi, boolean requirePsi) {
    /** KS/chi-square p &lt; 0.05 AND PSI ≥ 0.1. */
    public static final DriftRule DEFAULT = new DriftRule(0.05, PsiThreshold.DEFAULT, true);

    /** Validates. */
    public DriftRule {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1], found " + alpha);
        }
        java.util.Objects.requireNonNull(psi, "psi");
    }

    /** The default rule. */
    public static DriftRule defaults() {
        return DEFAULT;
    }

    /** Test p &lt; alpha AND PSI ≥ the given threshold. */
    public static DriftRule of(double alpha, PsiThreshold psi) {
        return new DriftRule(alpha, psi, true);
    }

    /** Drifted when PSI reaches the threshold, whatever the test says. */
    public static DriftRule psiOnly(PsiThreshold psi) {
        return new DriftRule(1.0, psi, true);
    }

    /** Drifted when the test's p-value is below alpha, whatever PSI says. */
    public static DriftRule testOnly(double alpha) {
        return new DriftRule(alpha, PsiThreshold.DEFAULT, false);
    }

    /** Applies the rule; a NaN input (not computable) never counts as drift. */
    public boolean drifted(double pValue, double psiValue, double psiThreshold) {
        boolean test = alpha >= 1.0 || pValue < alpha;
        boolean big = !requirePsi || psiValue >= psiThreshold;
        if (alpha < 1.0 && Double.isNaN(pValue)) {
            return false;
        }
        if (requirePsi && (Double.isNaN(psiValue) || Double.isNaN(psiThreshold))) {
            return false;
        }
        return test && big;
    }
}
