package dev.mlops.monitoring.stats;

import java.util.Arrays;

/**
 * Wasserstein-1 (earth mover's) distance between two one-dimensional samples, as
 * {@code scipy.stats.wasserstein_distance(u, v)}: the integral of |F_u − F_v|. NaN values are excluded (missing);
 * an infinite value on either side makes the distance NaN (undefined), as scipy gives nan — callers count and report
 * the infinite values. NaN when either side is empty.
 *
 * <p>The normalised variant divides by the population standard deviation (ddof = 0) of the reference's finite
 * values; it is NaN when that deviation is 0, except that two samples of the same single constant give 0.
 *
 * <p>Stateless and thread-safe.
 */
public final class Wasserstein {
    private Wasserstein() {
    }

    /** Wasserstein-1 distance between {@code u} and {@code v}. */
    public static double distance(double[] u, double[] v) {
        if (hasInfinite(u) || hasInfinite(v)) {
            return Double.NaN;
        }
        return distance(exactFinite(u), exactFinite(v));
    }

    private static boolean hasInfinite(double[] x) {
        for (double v : x) {
            if (Double.isInfinite(v)) {
                return true;
            }
        }
        return false;
    }

    /** Wasserstein-1 divided by the reference's population standard deviation (see the class javadoc). */
    public static double normalised(double[] reference, double[] current) {
        if (hasInfinite(reference) || hasInfinite(current)) {
            return Double.NaN;
        }
        WeightedSample r = exactFinite(reference);
        WeightedSample c = exactFinite(current);
        return normalised(r, c, populationStd(r));
    }

    /** Wasserstein-1 between two weighted samples (finite values expected). */
    public static double distance(WeightedSample u, WeightedSample v) {
        double[] uv = u.rawValues();
        long[] uw = u.rawWeights();
        double[] vv = v.rawValues();
        long[] vw = v.rawWeights();
        double nu = u.totalWeight();
        double nv = v.totalWeight();
        if (nu == 0 || nv == 0) {
            return Double.NaN;
        }
        int i = 0;
        int j = 0;
        long cu = 0;
        long cv = 0;
        double sum = 0;
        double prev = Double.NaN;
        while (i < uv.length || j < vv.length) {
            double x = j >= vv.length || (i < uv.length && uv[i] <= vv[j]) ? uv[i] : vv[j];
            if (prev == prev) {
                sum += Math.abs(cu / nu - cv / nv) * (x - prev);
            }
            while (i < uv.length && uv[i] == x) {
                cu += uw[i++];
            }
            while (j < vv.length && vv[j] == x) {
                cv += vw[j++];
            }
            prev = x;
        }
        return sum;
    }

    /** Normalised Wasserstein given the reference's population standard deviation. */
    public static double normalised(WeightedSample reference, WeightedSample current, double referenceStd) {
        double w = distance(reference, current);
        if (Double.isNaN(w)) {
            return Double.NaN;
        }
        if (referenceStd > 0) {
            return w / referenceStd;
        }
        return w == 0 && sameConstant(reference, current) ? 0.0 : Double.NaN;
    }

    /** Population standard deviation (ddof = 0) of a weighted sample; NaN when empty. */
    public static double populationStd(WeightedSample s) {
        double[] v = s.rawValues();
        long[] w = s.rawWeights();
        double n = s.totalWeight();
        if (n == 0) {
            return Double.NaN;
        }
        double mean = 0;
        for (int i = 0; i < v.length; i++) {
            mean += w[i] * v[i];
        }
        mean /= n;
        double ss = 0;
        for (int i = 0; i < v.length; i++) {
            double d = v[i] - mean;
            ss += w[i] * d * d;
        }
        return Math.sqrt(ss / n);
    }

    private static boolean sameConstant(WeightedSample a, WeightedSample b) {
        double[] av = a.rawValues();
        double[] bv = b.rawValues();
        return av.length > 0 && bv.length > 0 && av[0] == av[av.length - 1] && bv[0] == bv[bv.length - 1]
                && av[0] == bv[0];
    }

    static WeightedSample exactFinite(double[] values) {
        double[] v = Binning.finiteSorted(values);
        long[] w = new long[v.length];
        Arrays.fill(w, 1L);
        return WeightedSample.wrap(v, w, v.length, 0.0);
    }
}
