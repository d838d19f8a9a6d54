package dev.mlops.monitoring.stats;

/**
 * Population stability index: {@code PSI = Σ (c′ − r′) · ln(c′ / r′)} over bins, where {@code r′} and {@code c′}
 * are the reference and current bin proportions, each floored at {@value #FLOOR} (no renormalisation after
 * flooring). Missing values (NaN) are excluded from the proportions. Default binning: {@link Binning#deciles}.
 * PSI is {@code NaN} ("cannot be computed") when either side has no non-missing value.
 *
 * <p>Stateless and thread-safe.
 */
public final class Psi {
    /** Proportions are floored at this value before the logarithm. */
    public static final double FLOOR = 1e-4;

    private Psi() {
    }

    /** PSI of {@code current} against {@code reference} with the default binning (reference deciles). */
    public static double of(double[] reference, double[] current) {
        Binning b = Binning.deciles(reference);
        return ofCounts(b.counts(reference), b.counts(current));
    }

    /** PSI of {@code current} against {@code reference} with the given binning. */
    public static double of(double[] reference, double[] current, Binning binning) {
        return ofCounts(binning.counts(reference), binning.counts(current));
    }

    /**
     * PSI from bin counts of equal length (categories in the same order for categorical PSI).
     *
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double ofCounts(long[] reference, long[] current) {
        if (reference.length != current.length) {
            throw new IllegalArgumentException("bin counts must have equal length, found " + reference.length
                    + " and " + current.length);
        }
        long rt = 0;
        long ct = 0;
        for (int i = 0; i < reference.length; i++) {
            rt += reference[i];
            ct += current[i];
        }
        if (rt == 0 || ct == 0) {
            return Double.NaN;
        }
        double psi = 0;
        for (int i = 0; i < reference.length; i++) {
            double r = Math.max((double) reference[i] / rt, FLOOR);
            double c = Math.max((double) current[i] / ct, FLOOR);
            psi += (c - r) * Math.log(c / r);
        }
        return psi;
    }
}
