package dev.mlops.monitoring.stats;

import java.util.Arrays;

/**
 * A sorted sample with integer weights: either the exact values of a sample (every weight 1) or the retained items
 * of a {@link QuantileSketch}. {@link #rankErrorBound()} is the largest possible error of its empirical CDF at any
 * point, as a fraction of {@link #totalWeight()} (0 for exact samples).
 *
 * <p>Immutable and thread-safe (the arrays are not exposed).
 */
public final class WeightedSample {
    private final double[] values;
    private final long[] weights;
    private final long total;
    private final double rankErrorBound;

    private WeightedSample(double[] values, long[] weights, long total, double rankErrorBound) {
        this.values = values;
        this.weights = weights;
        this.total = total;
        this.rankErrorBound = rankErrorBound;
    }

    /** The exact sample of {@code values} with NaN dropped (the array is copied and sorted). */
    public static WeightedSample exact(double[] values) {
        double[] v = new double[values.length];
        int n = 0;
        for (double x : values) {
            if (x == x) {
                v[n++] = x;
            }
        }
        v = Arrays.copyOf(v, n);
        Arrays.sort(v);
        long[] w = new long[n];
        Arrays.fill(w, 1L);
        return new WeightedSample(v, w, n, 0.0);
    }

    /**
     * Values sorted ascending with positive weights.
     *
     * @throws IllegalArgumentException if the lengths differ, values are unsorted or NaN, or a weight is not positive
     */
    public static WeightedSample of(double[] sortedValues, long[] weights, double rankErrorBound) {
        if (sortedValues.length != weights.length) {
            throw new IllegalArgumentException("values and weights must have equal length, found "
                    + sortedValues.length + " and " + weights.length);
        }
        long total = 0;
        for (int i = 0; i < sortedValues.length; i++) {
            if (Double.isNaN(sortedValues[i]) || (i > 0 && sortedValues[i] < sortedValues[i - 1])) {
                throw new IllegalArgumentException("values must be sorted and not NaN; index " + i);
            }
            if (weights[i] <= 0) {
                throw new IllegalArgumentException("weights must be positive, found " + weights[i] + " at " + i);
            }
            total += weights[i];
        }
        if (!(rankErrorBound >= 0)) {
            throw new IllegalArgumentException("rankErrorBound must be >= 0, found " + rankErrorBound);
        }
        return new WeightedSample(sortedValues.clone(), weights.clone(), total, rankErrorBound);
    }

    static WeightedSample wrap(double[] sortedValues, long[] weights, long total, double rankErrorBound) {
        return new WeightedSample(sortedValues, weights, total, rankErrorBound);
    }

    /** Sorted values (a copy). */
    public double[] values() {
        return values.clone();
    }

    /** Weights aligned with {@link #values()} (a copy). */
    public long[] weights() {
        return weights.clone();
    }

    /** The number of stored items. */
    public int size() {
        return values.length;
    }

    /** The sum of the weights: the number of values the sample stands for. */
    public long totalWeight() {
        return total;
    }

    /** The largest possible error of the empirical CDF at any point, as a fraction of the total weight. */
    public double rankErrorBound() {
        return rankErrorBound;
    }

    /** True when this is an exact sample (every weight 1, no rank error). */
    public boolean isExact() {
        return rankErrorBound == 0.0 && total == values.length;
    }

    /** The expanded values when exact (each value repeated by its weight); for small samples only. */
    double[] expanded() {
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("sample too large to expand: " + total);
        }
        if (total == values.length) {
            return values.clone();
        }
        double[] out = new double[(int) total];
        int p = 0;
        for (int i = 0; i < values.length; i++) {
            for (long j = 0; j < weights[i]; j++) {
                out[p++] = values[i];
            }
        }
        return out;
    }

    /** This sample without its infinite values (the same object when it has none). */
    public WeightedSample finite() {
        int lo = 0;
        int hi = values.length;
        while (lo < hi && values[lo] == Double.NEGATIVE_INFINITY) {
            lo++;
        }
        while (hi > lo && values[hi - 1] == Double.POSITIVE_INFINITY) {
            hi--;
        }
        if (lo == 0 && hi == values.length) {
            return this;
        }
        long t = 0;
        for (int i = lo; i < hi; i++) {
            t += weights[i];
        }
        return new WeightedSample(Arrays.copyOfRange(values, lo, hi), Arrays.copyOfRange(weights, lo, hi), t,
                rankErrorBound);
    }

    double[] rawValues() {
        return values;
    }

    long[] rawWeights() {
        return weights;
    }
}
