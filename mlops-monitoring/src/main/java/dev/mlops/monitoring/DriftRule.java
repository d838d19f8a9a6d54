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
 *
 * <p>Categorical features follow the same rule with two additions, so that the verdict agrees with the feature's own
 * numbers: when the chi-square test is not reliable (more than 20 % of the expected counts below 5, Cochran's rule —
 * e.g. many rare categories) it cannot veto a PSI at or over its threshold; and a feature whose current values are
 * mostly in categories the reference does not have ({@code unseenShare}, default 0.5) has drifted whatever the other
 * numbers say.
 *
 * @param alpha       p-value threshold of the KS or chi-square test, in (0, 1]; 1 disables the test condition
 * @param psi         PSI threshold (fixed or sample-size-aware)
 * @param requirePsi  whether PSI must also reach its threshold (false: the test alone decides)
 * @param unseenShare share of unseen categories in a window, in (0, 1], from which a categorical feature has drifted
 */
public record DriftRule(double alpha, PsiThreshold psi, boolean requirePsi, double unseenShare) {
    /** The default share of unseen categories that makes a categorical feature drifted. */
    public static final double DEFAULT_UNSEEN_SHARE = 0.5;

    /** KS/chi-square p &lt; 0.05 AND PSI ≥ 0.1 (categorical: see the class javadoc). */
    public static final DriftRule DEFAULT = new DriftRule(0.05, PsiThreshold.DEFAULT, true);

    /** Validates. */
    public DriftRule {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1], found " + alpha);
        }
        java.util.Objects.requireNonNull(psi, "psi");
        if (!(unseenShare > 0 && unseenShare <= 1)) {
            throw new IllegalArgumentException("unseenShare must be in (0, 1], found " + unseenShare);
        }
    }

    /** A rule with the default unseen-category share. */
    public DriftRule(double alpha, PsiThreshold psi, boolean requirePsi) {
        this(alpha, psi, requirePsi, DEFAULT_UNSEEN_SHARE);
    }

    /** This rule with another unseen-category share (categorical features). */
    public DriftRule withUnseenShare(double share) {
        return new DriftRule(alpha, psi, requirePsi, share);
    }

    /**
     * Applies the rule to a categorical feature.
     *
     * @param chi2Reliable whether the chi-square test's expected counts satisfy Cochran's rule
     * @param share        the window's share of unseen categories (NaN when empty)
     */
    public boolean driftedCategorical(double pValue, double psiValue, double psiThreshold, boolean chi2Reliable,
                                      double share) {
        if (share >= unseenShare) {
            return true;
        }
        if (!chi2Reliable && requirePsi && !Double.isNaN(psiValue) && psiValue >= psiThreshold) {
            return true;
        }
        return drifted(pValue, psiValue, psiThreshold);
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
