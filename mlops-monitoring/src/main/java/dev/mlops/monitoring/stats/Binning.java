package dev.mlops.monitoring.stats;

import java.util.Arrays;

/**
 * Bin edges for PSI and Jensen–Shannon: {@code edges.length + 1} bins, the first and last open-ended, each bin
 * {@code [lower, upper)}. A value {@code x} falls in bin {@code i} = the number of edges {@code <= x}; so
 * {@code -∞} lands in the first bin and {@code +∞} in the last. Duplicate edges are allowed and simply leave empty
 * bins. {@code NaN} has no bin: it is counted as missing.
 *
 * <p>Default binning ({@link #deciles(double[])}): 10 bins with interior edges at the reference's deciles, computed
 * with Hyndman–Fan type 7 interpolation (numpy's default {@code quantile}) over the finite, non-missing reference
 * values.
 *
 * <p>Immutable and thread-safe.
 */
public final class Binning {
    /** The default number of bins (10, edges at the reference deciles). */
    public static final int DEFAULT_BINS = 10;

    private final double[] edges;

    private Binning(double[] edges) {
        this.edges = edges;
    }

    /**
     * Fixed edges, given in non-decreasing order (duplicates allowed); {@code edges.length + 1} bins.
     *
     * @throws IllegalArgumentException if an edge is NaN or infinite, or the edges are not sorted
     */
    public static Binning ofEdges(double... edges) {
        double[] e = edges.clone();
        for (int i = 0; i < e.length; i++) {
            if (!Double.isFinite(e[i])) {
                throw new IllegalArgumentException("bin edges must be finite, found " + e[i] + " at index " + i);
            }
            if (i > 0 && e[i] < e[i - 1]) {
                throw new IllegalArgumentException("bin edges must be non-decreasing, found " + e[i - 1]
                        + " before " + e[i] + " at index " + i);
            }
        }
        return new Binning(e);
    }

    /** The default binning: 10 bins with edges at the deciles of {@code reference} (see the class javadoc). */
    public static Binning deciles(double[] reference) {
        return quantiles(reference, DEFAULT_BINS);
    }

    /**
     * {@code bins} bins with interior edges at the reference quantiles {@code k / bins}, {@code k = 1 … bins-1}
     * (type 7 interpolation over the finite values). With no finite reference value there are no edges (one bin).
     *
     * @throws IllegalArgumentException if {@code bins < 1}
     */
    public static Binning quantiles(double[] reference, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, found " + bins);
        }
        double[] sorted = finiteSorted(reference);
        if (sorted.length == 0) {
            return new Binning(new double[0]);
        }
        double[] e = new double[bins - 1];
        for (int k = 1; k < bins; k++) {
            e[k - 1] = quantileOfSorted(sorted, (double) k / bins);
        }
        return new Binning(e);
    }

    /** Quantile {@code q} in [0, 1] of sorted values, Hyndman–Fan type 7 (numpy's default). */
    static double quantileOfSorted(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double frac = h - lo;
        return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
    }

    static double[] finiteSorted(double[] values) {
        double[] out = new double[values.length];
        int n = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                out[n++] = v;
            }
        }
        out = n == out.length ? out : Arrays.copyOf(out, n);
        Arrays.sort(out);
        return out;
    }

    /** The edges (a copy). */
    public double[] edges() {
        return edges.clone();
    }

    /** The number of bins, {@code edges().length + 1}. */
    public int binCount() {
        return edges.length + 1;
    }

    /** The bin of {@code x}, or -1 for NaN. */
    public int binOf(double x) {
        if (x != x) {
            return -1;
        }
        int b = 0;
        for (double e : edges) {
            b += x >= e ? 1 : 0;
        }
        return b;
    }

    /**
     * Adds the bin counts of {@code values[from, to)} into {@code counts} (length {@link #binCount()}) and returns
     * the number of missing (NaN) values, which are not counted in any bin.
     */
    public long accumulate(double[] values, int from, int to, long[] counts) {
        long missing = 0;
        double[] e = edges;
        for (int i = from; i < to; i++) {
            double x = values[i];
            if (x != x) {
                missing++;
                continue;
            }
            int b = 0;
            for (double edge : e) {
                b += x >= edge ? 1 : 0;
            }
            counts[b]++;
        }
        return missing;
    }

    /** Bin counts of {@code values} (NaN excluded). */
    public long[] counts(double[] values) {
        long[] c = new long[binCount()];
        accumulate(values, 0, values.length, c);
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Binning b && Arrays.equals(edges, b.edges);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(edges);
    }

    @Override
    public String toString() {
        return "Binning" + Arrays.toString(edges);
    }
}
