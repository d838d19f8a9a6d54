package dev.mlops.monitoring.stats;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * The PSI threshold a feature must reach to count as drifted: fixed (the industry's 0.1 / 0.25) or sample-size-aware.
 *
 * <p>A fixed threshold means different things at different sample sizes: with small windows, sampling noise alone
 * gives PSI values above 0.1; with millions of rows a PSI of 0.1 is far beyond noise. The sample-size-aware threshold
 * is the {@code (1 − α)} quantile of PSI's null distribution, {@code (1/n + 1/m)·χ²_{1−α}(B − 1)} for reference size
 * n, current size m and B bins (PSI is asymptotically a scaled chi-square when nothing changed). Use it for small or
 * varying window sizes, where a fixed 0.1 raises false alarms; use a fixed threshold when you care about a minimum
 * effect size (the default drift rule combines a test with a fixed PSI so that large samples do not alarm on trivial
 * shifts). {@link #atLeast(double, double)} does both.
 *
 * <p>Immutable and thread-safe.
 *
 * @param fixed PSI threshold used as is (or as the floor of the sample-size-aware one); NaN for none
 * @param alpha significance of the sample-size-aware threshold; NaN when not sample-size-aware
 */
public record PsiThreshold(double fixed, double alpha) {
    /** The conventional fixed threshold 0.1. */
    public static final PsiThreshold DEFAULT = fixed(0.1);

    /** Validates. */
    public PsiThreshold {
        if (!(fixed >= 0) && !Double.isNaN(fixed)) {
            throw new IllegalArgumentException("fixed PSI threshold must be >= 0, found " + fixed);
        }
        if (!Double.isNaN(alpha) && !(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), found " + alpha);
        }
        if (Double.isNaN(fixed) && Double.isNaN(alpha)) {
            throw new IllegalArgumentException("a PSI threshold needs a fixed value or an alpha");
        }
    }

    /** A fixed threshold. */
    public static PsiThreshold fixed(double value) {
        return new PsiThreshold(value, Double.NaN);
    }

    /** The sample-size-aware threshold at significance {@code alpha}. */
    public static PsiThreshold sampleSizeAware(double alpha) {
        return new PsiThreshold(Double.NaN, alpha);
    }

    /** The larger of a fixed minimum and the sample-size-aware threshold. */
    public static PsiThreshold atLeast(double fixed, double alpha) {
        return new PsiThreshold(fixed, alpha);
    }

    /** The threshold for reference size {@code n}, current size {@code m} and {@code bins} bins. */
    public double value(long n, long m, int bins) {
        double t = Double.isNaN(fixed) ? 0 : fixed;
        if (!Double.isNaN(alpha)) {
            t = Math.max(t, nullQuantile(alpha, n, m, bins));
        }
        return t;
    }

    /** {@code (1/n + 1/m)·χ²_{1−α}(bins − 1)}; NaN when a size is 0 or there is one bin. */
    public static double nullQuantile(double alpha, long n, long m, int bins) {
        if (n <= 0 || m <= 0 || bins < 2) {
            return Double.NaN;
        }
        double q = ChiSquaredDistribution.of(bins - 1).inverseSurvivalProbability(alpha);
        return (1.0 / n + 1.0 / m) * q;
    }
}
