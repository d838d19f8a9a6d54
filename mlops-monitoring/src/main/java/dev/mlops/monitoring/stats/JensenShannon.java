package dev.mlops.monitoring.stats;

/**
 * Jensen–Shannon distance, base 2: the square root of the JS divergence of the raw bin proportions (no flooring),
 * in [0, 1], as {@code scipy.spatial.distance.jensenshannon(p, q, base=2)}. {@code NaN} when either side is empty.
 *
 * <p>Stateless and thread-safe.
 */
public final class JensenShannon {
    private JensenShannon() {
    }

    /** JS distance of the two count vectors (normalised to proportions). */
    public static double distance(long[] p, long[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException("count vectors must have equal length, found " + p.length
                    + " and " + q.length);
        }
        double pt = 0;
        double qt = 0;
        for (int i = 0; i < p.length; i++) {
            pt += p[i];
            qt += q[i];
        }
        if (pt == 0 || qt == 0) {
            return Double.NaN;
        }
        double div = 0;
        for (int i = 0; i < p.length; i++) {
            double a = p[i] / pt;
            double b = q[i] / qt;
            double m = (a + b) / 2;
            if (a > 0) {
                div += a * Math.log(a / m);
            }
            if (b > 0) {
                div += b * Math.log(b / m);
            }
        }
        div = Math.max(0, div / 2 / Math.log(2));
        return Math.min(1.0, Math.sqrt(div));
    }

    /** JS distance of two samples on the default binning (reference deciles). */
    public static double distance(double[] reference, double[] current) {
        Binning b = Binning.deciles(reference);
        return distance(b.counts(reference), b.counts(current));
    }
}
