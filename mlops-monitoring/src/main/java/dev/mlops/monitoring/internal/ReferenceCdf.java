package dev.mlops.monitoring.internal;

import dev.mlops.monitoring.stats.WeightedSample;

import java.util.Arrays;

/**
 * A reference sample prepared once for comparing many windows with it: its distinct sorted values, their cumulative
 * weights, and a lookup table from value to rank. Comparing an unsorted window ({@link #compare}) then needs no sort:
 * each window value is placed among the reference's distinct values (a table look-up and a short search), counted
 * per gap between consecutive reference values, and KS and Wasserstein-1 follow from one walk over the gaps.
 *
 * <p>Exactness: the KS statistic is computed in integers ({@code max |R·m − C·n|}, as the sorted merge of Commons
 * Statistics and scipy) and is the same number; Wasserstein-1 is the same integral, summed per gap instead of per
 * sorted point: where the two CDFs do not cross inside a gap the gap's integral follows from its count and the sum
 * of its values' distances to the gap's end, and the values of the few gaps where they cross are sorted and
 * integrated point by point. It differs from the sorted-merge sum only by floating-point rounding (relative 1e-13
 * in the tests).
 *
 * <p>Immutable and thread-safe; {@link #compare} allocates its own work arrays.
 */
public final class ReferenceCdf {
    private final double[] values;   // distinct, sorted, may start with -inf and end with +inf
    private final long[] cumulative; // cumulative weight up to and including values[i]
    private final long total;
    private final boolean hasInfinite;
    private final long infinite;
    private final double lo;
    private final double scale;
    private final int[] start;        // start[b] = first index whose bucket is >= b; length buckets + 1
    private final int buckets;

    /** Prepares {@code sample} (sorted, weighted, possibly with infinite values). */
    public ReferenceCdf(WeightedSample sample) {
        double[] v = sample.values();
        long[] w = sample.weights();
        double[] dv = new double[v.length];
        long[] cw = new long[v.length];
        int k = 0;
        long cum = 0;
        long inf = 0;
        for (int i = 0; i < v.length; i++) {
            cum += w[i];
            if (Double.isInfinite(v[i])) {
                inf += w[i];
            }
            if (k > 0 && dv[k - 1] == v[i]) {
                cw[k - 1] = cum;
            } else {
                dv[k] = v[i];
                cw[k] = cum;
                k++;
            }
        }
        this.values = Arrays.copyOf(dv, k);
        this.cumulative = Arrays.copyOf(cw, k);
        this.total = cum;
        this.infinite = inf;
        this.hasInfinite = inf > 0;
        // look-up table over the finite range; bucket() is monotone in x, so the table only narrows the search
        double fmin = Double.NaN;
        double fmax = Double.NaN;
        for (double x : values) {
            if (!Double.isInfinite(x)) {
                if (fmin != fmin) {
                    fmin = x;
                }
                fmax = x;
            }
        }
        int b = 1;
        double sc = 0;
        double range = fmax - fmin;
        if (k > 8 && range > 0 && Double.isFinite(range)) {
            b = Integer.highestOneBit(Math.min(1 << 16, Math.max(16, k * 2)));
            sc = b / range;
            if (!Double.isFinite(sc)) {
                b = 1;
                sc = 0;
            }
        }
        this.buckets = b;
        this.lo = fmin != fmin ? 0 : fmin;
        this.scale = sc;
        int[] st = new int[b + 1];
        int idx = 0;
        for (int bucket = 0; bucket <= b; bucket++) {
            while (idx < k && bucket(values[idx]) < bucket) {
                idx++;
            }
            st[bucket] = idx;
        }
        this.start = st;
    }

    private int bucket(double x) {
        if (buckets == 1) {
            return 0;
        }
        double p = (x - lo) * scale;
        if (!(p > 0)) {
            return 0; // also -inf
        }
        return p >= buckets ? buckets - 1 : (int) p;
    }

    /** The reference's total weight (non-missing values it stands for). */
    public long total() {
        return total;
    }

    /** The weight of the reference's infinite values. */
    public long infinite() {
        return infinite;
    }

    /** Index of the first distinct reference value {@code >= x}. */
    int lowerBound(double x) {
        int b = bucket(x);
        int l = start[b];
        int h = start[b + 1];
        while (l < h) {
            int mid = (l + h) >>> 1;
            if (values[mid] < x) {
                l = mid + 1;
            } else {
                h = mid;
            }
        }
        return l;
    }

    /**
     * The result of comparing a window with the reference.
     *
     * @param ksNumerator  {@code max |R(x)·m − C(x)·n|} over all x (the KS statistic times n·m)
     * @param n            the reference's total weight
     * @param m            the window's value count
     * @param wasserstein  Wasserstein-1 distance; NaN when either side has an infinite value (as scipy)
     * @param infinite     the window's infinite values
     */
    public record Comparison(long ksNumerator, long n, long m, double wasserstein, long infinite) {
        /** The KS statistic D in [0, 1]. */
        public double ksStatistic() {
            return n == 0 || m == 0 ? Double.NaN : ksNumerator / ((double) n * m);
        }
    }

    /**
     * Compares the window values {@code x[0, size)} (no NaN; any order) with the reference.
     */
    public Comparison compare(double[] x, int size) {
        int k = values.length;
        if (size == 0 || total == 0) {
            return new Comparison(0, total, size, Double.NaN, countInfinite(x, size));
        }
        int[] gapCount = new int[k + 1];   // window values strictly between values[i-1] and values[i]
        int[] eqCount = new int[k];        // window values equal to values[i]
        double[] gapSum = new double[k + 1]; // sum of (values[i] - x) in gap i < k; (x - values[k-1]) in gap k
        int[] slot = new int[size];        // gap index, or -1 - i for equal to values[i]
        long inf = 0;
        double last = values[k - 1];
        for (int t = 0; t < size; t++) {
            double v = x[t];
            int i = lowerBound(v);
            if (i < k && values[i] == v) {
                eqCount[i]++;
                slot[t] = -1 - i;
            } else {
                gapCount[i]++;
                gapSum[i] += i < k ? values[i] - v : v - last;
                slot[t] = i;
            }
            if (Double.isInfinite(v)) {
                inf++;
            }
        }
        long n = total;
        long m = size;
        // KS: walk the gaps and the equal points in order
        long cr = 0;
        long cc = 0;
        long ks = 0;
        boolean wassersteinDefined = !hasInfinite && inf == 0;
        double w = 0;
        boolean[] crossing = null;
        for (int i = 0; i <= k; i++) {
            long c0 = cc;
            cc += gapCount[i];
            long before = cr * m - c0 * n;
            long after = cr * m - cc * n;
            ks = Math.max(ks, Math.abs(after));
            if (wassersteinDefined && gapCount[i] + (i > 0 && i < k ? 1 : 0) > 0) {
                if (i == 0 || i == k) {
                    // left of the reference: F_ref = 0 <= F_cur; right of it: F_ref = 1 >= F_cur
                    w += gapSum[i] / m;
                } else if (before >= 0 && after >= 0 || before <= 0 && after <= 0) {
                    double len = values[i] - values[i - 1];
                    double diff = (double) cr / n - (double) c0 / m;
                    double part = diff * len - gapSum[i] / m;
                    w += Math.abs(part);
                } else {
                    if (crossing == null) {
                        crossing = new boolean[k + 1];
                    }
                    crossing[i] = true;
                }
            }
            if (i < k) {
                cr = cumulative[i];
                cc += eqCount[i];
                ks = Math.max(ks, Math.abs(cr * m - cc * n));
            }
        }
        if (crossing != null) {
            w += crossingGaps(x, size, slot, crossing, gapCount, eqCount);
        }
        return new Comparison(ks, n, m, wassersteinDefined ? w : Double.NaN, inf);
    }

    /** The integral over the gaps where the CDFs cross: their values sorted, point by point. */
    private double crossingGaps(double[] x, int size, int[] slot, boolean[] crossing, int[] gapCount,
                                int[] eq) {
        int k = values.length;
        int[] offset = new int[k + 2];
        for (int i = 0; i <= k; i++) {
            offset[i + 1] = offset[i] + (crossing[i] ? gapCount[i] : 0);
        }
        double[] gathered = new double[offset[k + 1]];
        int[] fill = Arrays.copyOf(offset, k + 1);
        for (int t = 0; t < size; t++) {
            int s = slot[t];
            if (s >= 0 && crossing[s]) {
                gathered[fill[s]++] = x[t];
            }
        }
        // cumulative window counts before each gap
        long n = total;
        long m = size;
        double w = 0;
        long cc = 0;
        for (int i = 0; i <= k; i++) {
            if (crossing[i]) {
                Arrays.sort(gathered, offset[i], offset[i + 1]);
                double fr = (double) cumulative[i - 1] / n;
                double prev = values[i - 1];
                long c = cc;
                for (int p = offset[i]; p < offset[i + 1]; p++) {
                    w += Math.abs(fr - (double) c / m) * (gathered[p] - prev);
                    prev = gathered[p];
                    c++;
                }
                w += Math.abs(fr - (double) c / m) * (values[i] - prev);
            }
            cc += gapCount[i];
            if (i < k) {
                cc += eq[i];
            }
        }
        return w;
    }

    private static long countInfinite(double[] x, int size) {
        long c = 0;
        for (int t = 0; t < size; t++) {
            if (Double.isInfinite(x[t])) {
                c++;
            }
        }
        return c;
    }
}
